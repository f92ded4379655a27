// "Why A rather than B" from a page in Chromium: explain() with `contrast` runs in the API's
// Worker (its code loaded there on first use) and gives what the API gives in Node, for the
// margin and for the pairwise probability, with progress reported for the latter.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { close as closeInNode, explain as explainInNode } from '../../web/whyrec.mjs';
import { skipWithoutChromium, startBrowser } from './chromium.mjs';
import { demoRows } from '../js/demo-cli.mjs';

let chromium;

before(async () => {
  if (!skipWithoutChromium) chromium = await startBrowser();
});

after(async () => {
  await chromium?.stop();
  await closeInNode();
});

test('contrast runs in the page worker as in Node', { skip: skipWithoutChromium }, async () => {
  const { rows, background } = await demoRows();
  const page = await chromium.browser.newPage();
  await page.route(`${chromium.origin}/web/blank.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>whyrec</title>' }),
  );
  await page.goto(`${chromium.origin}/web/blank.html`);
  const request = { instance: rows[0], background, contrast: rows[5], output: 'logit' };
  const inPage = await page.evaluate(async (request) => {
    const whyrec = await import('/web/whyrec.mjs');
    const model = '../examples/demo/ctr_mlp.onnx';
    const margin = await whyrec.explain({ model, ...request });
    const progress = [];
    const prob = await whyrec.explain({
      model,
      ...request,
      contrastOutput: 'prob',
      onProgress: (update) => progress.push(update),
    });
    return { margin, prob, progress };
  }, request);
  const model = new URL('../../examples/demo/ctr_mlp.onnx', import.meta.url).pathname;
  for (const contrastOutput of ['margin', 'prob']) {
    const inNode = await explainInNode({ model, ...request, contrastOutput });
    const shown = inPage[contrastOutput];
    assert.equal(shown.base_value, inNode.base_value, contrastOutput);
    shown.values[0].forEach((value, j) =>
      assert.ok(Math.abs(value - inNode.values[0][j]) <= 1e-6, `${contrastOutput} ${j}`),
    );
  }
  assert.equal(inPage.prob.settings.contrast_output, 'prob');
  // Exact over 12 players: 2^12 coalitions, two model rows each per background row.
  const last = inPage.progress.at(-1);
  assert.equal(last.rowsEvaluated, inPage.prob.evaluations);
  assert.equal(last.rowsEvaluated, 2 * 4096 * background.length);
  await page.close();
});
