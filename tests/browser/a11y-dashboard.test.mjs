// axe-core's WCAG checks on the dashboard after results are shown: the Tabular tab (the demo row
// explained, its waterfall and force plot, an error shown) and the History tab (a MovieLens history explained,
// its attention shown), at 1280×900 and 390×844: no violations, and no console errors.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { axeViolations, describeViolations } from './axe.mjs';
import { skipWithoutChromium, startBrowser } from './chromium.mjs';
import { explainHistoryExample, openDashboard } from './dashboard-page.mjs';

const sasrec = new URL('../../examples/movielens/sasrec.onnx', import.meta.url);
const skip = skipWithoutChromium || (!existsSync(sasrec) && `${sasrec.pathname} is absent`);

let chromium;

before(async () => {
  if (!skip) chromium = await startBrowser();
});

after(() => chromium?.stop());

async function checked(page, what) {
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, `${what}:\n${describeViolations(violations)}`);
}

for (const viewport of [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
]) {
  test(
    `no axe violations on the dashboard at ${viewport.width}×${viewport.height}`,
    { skip },
    async () => {
      const { page, problems } = await openDashboard(chromium, viewport);
      await page.waitForFunction(
        () => document.getElementById('chart').dataset.chart === 'waterfall',
      );
      await checked(page, 'Tabular, waterfall');
      await page.click('#chart-tabs [data-chart="force"]');
      await page.waitForFunction(() => document.getElementById('chart').dataset.chart === 'force');
      await checked(page, 'Tabular, force plot');
      await page.fill('#settings', '{"budgett": 64}');
      await page.click('#explain-row');
      await page.waitForSelector('#error:not([hidden])');
      await checked(page, 'Tabular, with an error and a refused setting');
      await page.click('#dismiss-error');
      await page.fill('#settings', '');

      await explainHistoryExample(page);
      await page.click('#history-attention-read');
      await page.waitForSelector('#history-attention svg');
      await checked(page, 'History, explained, with attention');
      assert.deepEqual(problems, []);
      await page.close();
    },
  );
}
