// The dashboard with a user's own files (#16 part 2), in Chromium: columns get roles (an id or
// label column is never a feature by default, and one set as a feature fails when it is set,
// naming the columns), a background file is read by column name and stated with its size, the
// background size is always stated, misspelt settings are refused with the valid names, the
// chosen output survives new files, errors can be dismissed and are cleared by later results,
// and the demo's ids are gone once the user's rows are in.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { skipWithoutChromium, startBrowser } from './chromium.mjs';
import { openDashboard } from './dashboard-page.mjs';

const demo = new URL('../../examples/demo/', import.meta.url);

let chromium;
let page;
let problems;
let candidates;

before(async () => {
  if (skipWithoutChromium) return;
  chromium = await startBrowser();
  candidates = (await readFile(new URL('candidates.csv', demo), 'utf8')).trim().split('\n');
  ({ page, problems } = await openDashboard(chromium, { width: 1280, height: 1000 }));
  await page.waitForFunction(() => document.querySelector('#chart svg'));
});

after(() => chromium?.stop());

const csvFile = (name, lines) => ({
  name,
  mimeType: 'text/csv',
  buffer: Buffer.from(lines.join('\n')),
});

async function explainAndRead() {
  await page.evaluate(() => (document.getElementById('results-title').textContent = ''));
  await page.click('#chart-tabs [data-chart="waterfall"]');
  await page.click('#explain-row');
  await page.waitForFunction(() =>
    document.getElementById('results-title').textContent.startsWith('Explanation of row'),
  );
  const download = page.waitForEvent('download');
  await page.click('#download-json');
  const chunks = [];
  for await (const chunk of await (await download).createReadStream()) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

const roleOf = (column) =>
  page.$eval(`#column-roles label:has(span:text-is("${column}")) select`, (select) => select.value);
const setRole = (column, role) =>
  page.selectOption(`#column-roles label:has(span:text-is("${column}")) select`, role);

test(
  'columns get roles: ids and the label are no features; a wrong role fails when it is set',
  { skip: skipWithoutChromium },
  async () => {
    await page.selectOption('#output', 'logit');
    await page.setInputFiles('#csv-file', csvFile('mine.csv', candidates.slice(0, 31)));
    await page.waitForFunction(() => !document.getElementById('explain-row').disabled);
    assert.equal(await page.isVisible('#columns'), true);
    assert.equal(await roleOf('user_id'), 'id');
    assert.equal(await roleOf('item_id'), 'id');
    assert.equal(await roleOf('label'), 'label');
    assert.equal(await roleOf('novelty'), 'feature');
    assert.equal(await page.textContent('#data-name'), 'mine.csv: 30 rows × 12 features');
    // A column of text cannot become a feature.
    assert.equal(
      await page.$eval(
        '#column-roles label:has(span:text-is("user_id")) option[value="feature"]',
        (o) => o.disabled,
      ),
      true,
    );
    // The demo's results and ids are gone; the row shows this file's id and label columns.
    assert.equal(await page.textContent('#results-title'), 'Explanation');
    const [user, item] = candidates[1].split(',');
    assert.equal(
      await page.textContent('#row-summary'),
      `Row 0: user_id ${user} · item_id ${item} · label 0`,
    );
    // The output chosen before the new rows stays chosen.
    assert.equal(await page.inputValue('#output'), 'logit');

    await setRole('label', 'feature');
    await page.waitForSelector('#error:not([hidden])');
    const error = await page.textContent('#error-text');
    assert.match(
      error,
      /ctr_mlp\.onnx reads 12 features per row, but mine\.csv has 13 feature columns/,
    );
    assert.match(error, /shipping_days, label\)/);
    assert.equal(await page.isDisabled('#explain-row'), true, 'nothing to explain until fixed');
    await setRole('label', 'label');
    await page.waitForFunction(() => !document.getElementById('explain-row').disabled);
    assert.equal(await page.isHidden('#error'), true, 'the next good state clears the error');
    assert.equal(await page.inputValue('#output'), 'logit', 'the output survives a re-read');
    const explanation = await explainAndRead();
    assert.equal(explanation.output, 'logit');
    assert.equal(explanation.feature_names.length, 12);
    assert.ok(!explanation.feature_names.includes('label'));
    assert.deepEqual(problems, []);
  },
);

test(
  'the background: always stated, an even sample of the rows or a file read by column name',
  { skip: skipWithoutChromium },
  async () => {
    // No silent 10 rows: a 30-row table offers its samples and all of it, and says which.
    const offered = await page.$$eval('#background option', (options) =>
      options.map((o) => o.textContent),
    );
    assert.deepEqual(offered, [
      '10 rows of mine.csv',
      '25 rows of mine.csv',
      'all 30 rows of mine.csv',
    ]);
    assert.equal(
      await page.textContent('#background-name'),
      'all 30 rows of mine.csv (sampled evenly)',
    );
    let explanation = await explainAndRead();
    assert.equal(explanation.settings.background_rows, 30);
    assert.match(await page.textContent('#results-subtitle'), /over 30 background rows/);

    // A background file with its columns in another order and one more column: read by name.
    const lines = (await readFile(new URL('background.csv', demo), 'utf8')).trim().split('\n');
    const header = lines[0].split(',');
    const order = [...header.keys()].reverse();
    const shuffled = lines.map((line, i) => {
      const cells = line.split(',');
      return [...order.map((j) => cells[j]), i === 0 ? 'note' : 'x'].join(',');
    });
    await page.setInputFiles('#background-file', csvFile('bg.csv', shuffled.slice(0, 41)));
    await page.waitForFunction(() => document.getElementById('background').value === 'file');
    assert.equal(await page.textContent('#background-name'), 'bg.csv (40 rows)');
    explanation = await explainAndRead();
    assert.equal(explanation.settings.background_rows, 40);
    // Exact Shapley's base value is the mean model output over the background rows, as given.
    const rows = lines.slice(1, 41).map((line) => line.split(',').map(Number));
    const mean = await page.evaluate(async (rows) => {
      const { predict } = await import('/web/whyrec.mjs');
      const values = await predict({
        model: '/examples/demo/ctr_mlp.onnx',
        rows,
        output: 'logit',
      });
      return Array.from(values).reduce((sum, v) => sum + v, 0) / values.length;
    }, rows);
    assert.ok(
      Math.abs(explanation.base_value - mean) < 1e-4,
      `${explanation.base_value} vs ${mean}`,
    );

    // A background file without a feature column is refused, naming it.
    const lacking = lines.map((line) => line.split(',').slice(1).join(','));
    await page.setInputFiles('#background-file', csvFile('short.csv', lacking.slice(0, 5)));
    await page.waitForSelector('#error:not([hidden])');
    assert.match(
      await page.textContent('#error-text'),
      /short\.csv lacks the feature column "price_vs_usual_spend"/,
    );
    await page.click('#dismiss-error');
    assert.equal(await page.isHidden('#error'), true);
    assert.equal(await page.textContent('#background-name'), 'bg.csv (40 rows)');
    assert.deepEqual(problems, []);
  },
);

test(
  'misspelt settings are refused with the valid names; a later result clears the error',
  { skip: skipWithoutChromium },
  async () => {
    await page.selectOption('#method', 'kernel');
    assert.match(await page.textContent('#settings-hint'), /^Kernel SHAP reads: budget, /);
    await page.fill('#settings', '{"budgett": 64}');
    assert.equal(await page.getAttribute('#settings', 'aria-invalid'), 'true');
    const hint = await page.textContent('#settings-hint');
    assert.match(hint, /Kernel SHAP has no setting "budgett"; its settings are: budget, tolerance/);
    await page.click('#explain-row');
    await page.waitForSelector('#error:not([hidden])');
    assert.match(await page.textContent('#error-text'), /no setting "budgett".*budget/);
    await page.fill('#settings', '{"budget": 64, "seed": 3}');
    assert.equal(await page.getAttribute('#settings', 'aria-invalid'), null);
    const explanation = await explainAndRead();
    assert.equal(explanation.method, 'kernel');
    assert.equal(explanation.seed, 3);
    assert.equal(await page.isHidden('#error'), true, 'the result cleared the stale error');
    // LIME's weights are no contributions: its own chart, and no table of values.
    await page.selectOption('#method', 'lime');
    await page.fill('#settings', '{"num_samples": 500, "seed": 1}');
    await page.click('#explain-row');
    await page.waitForFunction(() => document.getElementById('chart').dataset.chart === 'lime');
    assert.equal(await page.isHidden('#values'), true);
    await page.click('#chart-tabs [data-chart="waterfall"]');
    assert.match(await page.textContent('#chart'), /Waterfall needs/);
    assert.deepEqual(problems, []);
  },
);

test(
  'new rows without a column of the background file: the file is no longer the background',
  { skip: skipWithoutChromium },
  async () => {
    assert.equal(await page.inputValue('#background'), 'file');
    // The same rows with a column renamed, which the background file does not have.
    const renamed = [candidates[0].replace('novelty', 'novelty_2'), ...candidates.slice(1, 11)];
    await page.setInputFiles('#csv-file', csvFile('renamed.csv', renamed));
    await page.waitForSelector('#error:not([hidden])');
    assert.equal(
      await page.textContent('#error-text'),
      'Something went wrong: bg.csv lacks the feature column "novelty_2" of the rows to ' +
        'explain: it is no longer the background',
    );
    assert.equal(
      await page.textContent('#background-name'),
      'all 10 rows of renamed.csv (sampled evenly)',
    );
    assert.deepEqual(
      await page.$$eval('#background option', (options) => options.map((o) => o.value)),
      ['10'],
    );
    assert.equal(await page.isDisabled('#explain-row'), false, 'the model reads these rows');
    assert.deepEqual(problems, []);
  },
);

test(
  'rows without id columns: the row is named by its number, never by the demo’s ids',
  { skip: skipWithoutChromium },
  async () => {
    const bare = candidates.slice(0, 21).map((line) => line.split(',').slice(2, -1).join(','));
    await page.setInputFiles('#csv-file', csvFile('bare.csv', bare));
    // The button is already enabled by the previous file, and the row summary changes before the
    // model reads the rows: the file is handled once the previous file's error is cleared.
    await page.waitForSelector('#error', { state: 'hidden' });
    assert.equal(await page.textContent('#row-summary'), 'Row 0 of 20');
    assert.equal(await page.isDisabled('#explain-row'), false);
    assert.equal(await page.inputValue('#output'), 'logit');
    assert.deepEqual(problems, []);
  },
);

test('an exported chart looks as it does on the page', { skip: skipWithoutChromium }, async () => {
  await page.selectOption('#method', 'exact');
  await page.fill('#settings', '');
  await explainAndRead();
  const styles = await page.evaluate(async () => {
    const { svgText } = await import('/web/charts/export.mjs');
    const chart = document.querySelector('#chart > *');
    const exported = new DOMParser().parseFromString(svgText(chart), 'image/svg+xml');
    // The file on its own, outside the page's styles (an SVG document keeps its own).
    const frame = document.createElement('iframe');
    document.body.append(frame);
    frame.contentDocument.body.append(frame.contentDocument.adoptNode(exported.documentElement));
    const look = (text) => {
      const style = getComputedStyle(text);
      return { size: style.fontSize, family: style.fontFamily, fill: style.fill };
    };
    const shown = [...chart.querySelectorAll('text')].map(look);
    const saved = [...frame.contentDocument.querySelectorAll('text')].map(look);
    frame.remove();
    return { shown, saved };
  });
  assert.ok(styles.shown.length > 5);
  assert.deepEqual(styles.saved, styles.shown);
  assert.equal(styles.shown[0].size, '12px');
});
