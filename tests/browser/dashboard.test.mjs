// The dashboard in Chromium: it loads the demo, explains a row with values and standard errors,
// explains many rows with progress while the page stays responsive, cancels a job, draws every
// chart type (the ones today's methods cannot produce from a loaded explanation JSON), and
// exports charts. The page is served without COOP/COEP.
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { fixtureExplanation } from '../js/explanation-fixture.mjs';
import { skipWithoutChromium, startBrowser } from './chromium.mjs';

const artifacts = new URL('../../test-artifacts/', import.meta.url);
const demo = new URL('../../examples/demo/', import.meta.url);
const chartNames = [
  'waterfall',
  'force',
  'bar',
  'beeswarm',
  'dependence',
  'heatmap',
  'lime',
  'anchor',
  'curves',
];

let chromium;
let page;
const problems = [];

before(async () => {
  if (skipWithoutChromium) return;
  chromium = await startBrowser();
  await mkdir(artifacts, { recursive: true });
  page = await chromium.browser.newPage({ viewport: { width: 1280, height: 1100 } });
  // Generous: on a busy 2-core machine the first ONNX Runtime session alone can take seconds.
  page.setDefaultTimeout(90_000);
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.url()}: HTTP ${response.status()}`);
    for (const name of ['cross-origin-opener-policy', 'cross-origin-embedder-policy']) {
      if (response.headers()[name]) problems.push(`${response.url()} sent ${name}`);
    }
  });
  await page.goto(`${chromium.origin}/web/dashboard/`);
});

after(() => chromium?.stop());

function chartDrawn(name) {
  return page.waitForFunction((chart) => {
    const figure = document.getElementById('chart');
    return figure.dataset.chart === chart && figure.querySelector('svg');
  }, name);
}

async function showChart(name) {
  await page.click(`#chart-tabs [data-chart="${name}"]`);
  await chartDrawn(name);
  return page.evaluate(() => ({
    svgs: document.querySelectorAll('#chart svg').length,
    marks: document.querySelectorAll('#chart svg rect, #chart svg circle, #chart svg path').length,
    text: document.getElementById('chart').textContent,
  }));
}

test(
  'the dashboard explains a demo row with values and standard errors',
  { skip: skipWithoutChromium },
  async () => {
    await chartDrawn('waterfall');
    const shown = await page.evaluate(() => ({
      isolated: crossOriginIsolated,
      output: document.getElementById('stat-output').textContent,
      rows: [...document.querySelectorAll('#values tbody tr')].map((tr) => ({
        value: Number(tr.dataset.value),
        stdError: Number(tr.dataset.stdError),
        shown: tr.cells[3].textContent,
      })),
      methods: [...document.querySelectorAll('#method option')].map((o) => ({
        name: o.value,
        enabled: !o.disabled,
      })),
    }));
    assert.equal(shown.isolated, false, 'served without COOP/COEP');
    assert.equal(shown.rows.length, 12);
    const magnitudes = shown.rows.map((row) => Math.abs(row.value));
    assert.deepEqual(
      magnitudes,
      [...magnitudes].sort((a, b) => b - a),
    );
    assert.ok(shown.rows.every((row) => row.stdError === 0 && row.shown === '0 (exact)'));
    assert.deepEqual(
      shown.methods.find((m) => m.name === 'exact'),
      { name: 'exact', enabled: true },
    );
    assert.ok(
      shown.methods.some((m) => m.name === 'kernel'),
      'future methods are listed',
    );
    for (const name of ['waterfall', 'force']) {
      const drawn = await showChart(name);
      assert.ok(drawn.marks > 12, `${name}: ${drawn.marks} marks`);
    }
    assert.deepEqual(problems, []);
  },
);

test(
  'many rows: progress, a responsive page, cancel, then the global charts',
  { skip: skipWithoutChromium },
  async () => {
    await page.selectOption('#background', '10');
    // A long job that is cancelled: the page says so and the button comes back.
    await page.selectOption('#batch-size', '200');
    await page.click('#explain-rows');
    await page.waitForFunction(() => document.getElementById('progress').value > 0);
    await page.click('#cancel');
    await page.waitForFunction(
      () => document.getElementById('progress-text').textContent === 'Cancelled',
    );

    await page.selectOption('#batch-size', '50');
    await page.evaluate(() => {
      window.heartbeat = { ticks: [], progress: [] };
      window.heartbeat.timer = setInterval(
        () => window.heartbeat.ticks.push(performance.now()),
        10,
      );
      new MutationObserver(() =>
        window.heartbeat.progress.push(document.getElementById('progress').value),
      ).observe(document.getElementById('progress'), { attributes: true });
    });
    const started = await page.evaluate(() => performance.now());
    await page.click('#explain-rows');
    await chartDrawn('beeswarm');
    const heartbeat = await page.evaluate(() => {
      clearInterval(window.heartbeat.timer);
      return { ...window.heartbeat, ended: performance.now() };
    });
    const ticks = heartbeat.ticks.filter((t) => t > started);
    const times = [started, ...ticks, heartbeat.ended];
    const longestGap = Math.max(...times.slice(1).map((t, i) => t - times[i]));
    assert.ok(longestGap < 250, `the main thread stalled for ${longestGap} ms`);
    assert.ok(heartbeat.progress.length >= 3, `${heartbeat.progress.length} progress updates`);
    assert.equal(heartbeat.progress.at(-1), 1);

    const beeswarm = await showChart('beeswarm');
    assert.ok(beeswarm.marks >= 50 * 12, `${beeswarm.marks} marks: a dot per row and feature`);
    await page.screenshot({
      path: new URL('dashboard-beeswarm.png', artifacts).pathname,
      fullPage: true,
    });
    for (const name of ['bar', 'dependence']) {
      const drawn = await showChart(name);
      assert.ok(drawn.marks >= 12, `${name}: ${drawn.marks} marks`);
    }
    await page.screenshot({
      path: new URL('dashboard-dependence.png', artifacts).pathname,
      fullPage: true,
    });
    assert.deepEqual(problems, []);
  },
);

test(
  'a loaded explanation JSON draws every chart type, and charts export',
  { skip: skipWithoutChromium },
  async () => {
    const explanation = fixtureExplanation();
    await page.setInputFiles('#explanation-file', {
      name: 'explanation.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(explanation)),
    });
    await page.waitForFunction(() =>
      document.getElementById('results-title').textContent.includes('explanation.json'),
    );
    for (const name of chartNames) {
      const drawn = await showChart(name);
      assert.ok(drawn.svgs >= 1 && drawn.marks >= 3, `${name}: ${JSON.stringify(drawn.marks)}`);
      if (['heatmap', 'lime', 'anchor', 'curves'].includes(name)) {
        await page.screenshot({
          path: new URL(`dashboard-${name}.png`, artifacts).pathname,
          fullPage: true,
        });
      }
    }
    const exported = await page.evaluate(async () => {
      const { svgText, pngBlob } = await import('/web/charts/export.mjs');
      const chart = document.querySelector('#chart > *');
      const png = new Uint8Array(await (await pngBlob(chart)).arrayBuffer());
      return { svg: svgText(chart), pngHead: Array.from(png.slice(0, 4)), pngBytes: png.length };
    });
    assert.match(exported.svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.deepEqual(exported.pngHead, [0x89, 0x50, 0x4e, 0x47], 'a PNG');
    assert.ok(exported.pngBytes > 2000, `${exported.pngBytes} bytes`);
    const download = page.waitForEvent('download');
    await page.click('#download-json');
    const saved = JSON.parse(await (await download).createReadStream().then(readAll));
    assert.deepEqual(saved.values, explanation.values);

    // The curves of `whyrec curves` carry no values: only their own chart.
    const { feature_names, deletion, insertion } = explanation;
    await page.evaluate(() => (document.getElementById('chart').dataset.chart = ''));
    await page.setInputFiles('#explanation-file', {
      name: 'curves.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ method: 'curves', feature_names, deletion, insertion })),
    });
    await chartDrawn('curves');
    assert.equal(await page.isHidden('#values'), true);
    assert.deepEqual(problems, []);
  },
);

async function readAll(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

test(
  'a dropped-in model and CSV are explained; a linear model JSON gets Linear SHAP',
  { skip: skipWithoutChromium },
  async () => {
    const csv = (await readFile(new URL('candidates.csv', demo), 'utf8'))
      .split('\n')
      .slice(0, 31)
      .map((line) => line.split(',').slice(0, -1).join(','))
      .join('\n');
    await page.setInputFiles('#csv-file', {
      name: 'mine.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.setInputFiles('#model-file', {
      name: 'mine.onnx',
      mimeType: 'application/octet-stream',
      buffer: await readFile(new URL('ctr_mlp.onnx', demo)),
    });
    await page.waitForFunction(() => !document.getElementById('explain-row').disabled);
    assert.equal(await page.textContent('#model-name'), 'mine.onnx');
    assert.equal(await page.textContent('#data-name'), 'mine.csv: 30 rows × 12 features');
    await page.fill('#row', '4');
    await page.dispatchEvent('#row', 'change');
    // Columns that are not numbers label the rows.
    const [userId, itemId] = csv.split('\n')[5].split(',');
    assert.equal(
      await page.textContent('#row-summary'),
      `Row 4: user_id ${userId} · item_id ${itemId}`,
    );
    await page.click('#chart-tabs [data-chart="waterfall"]');
    await page.click('#explain-row');
    await page.waitForFunction(() =>
      document.getElementById('results-title').textContent.endsWith('row 4'),
    );
    await chartDrawn('waterfall');

    await page.setInputFiles('#model-file', {
      name: 'ctr_logistic.json',
      mimeType: 'application/json',
      buffer: await readFile(new URL('ctr_logistic.json', demo)),
    });
    await page.waitForFunction(() => document.getElementById('method').value === 'linear');
    await page.click('#explain-row');
    await page.waitForFunction(
      () => document.getElementById('stat-method').textContent === 'Linear SHAP',
    );
    await chartDrawn('waterfall');
    assert.deepEqual(problems, []);
  },
);

test(
  'tree models: XGBoost JSON and an ONNX tree ensemble get TreeSHAP, with interaction values',
  { skip: skipWithoutChromium },
  async () => {
    const trees = new URL('../../examples/trees/', import.meta.url);
    // A table to explain (the demo's, when this test runs alone).
    await page.waitForFunction(() => !document.getElementById('explain-row').disabled);
    const explainAndSave = async (file, settings) => {
      await page.setInputFiles('#model-file', {
        name: file,
        mimeType: 'application/octet-stream',
        buffer: await readFile(new URL(file, trees)),
      });
      await page.waitForFunction(
        (name) => document.getElementById('model-name').textContent === name,
        file,
      );
      await page.waitForFunction(() => document.getElementById('method').value === 'tree');
      assert.equal(await page.isDisabled('#output'), true, 'TreeSHAP explains the margin');
      await page.fill('#settings', settings);
      // Nothing else is being explained, so the next title is this model's.
      await page.waitForFunction(() => document.getElementById('status').textContent === '');
      await page.evaluate(() => (document.getElementById('results-title').textContent = ''));
      // A chart of one row, so that the JSON downloaded is this row's explanation.
      await page.click('#chart-tabs [data-chart="waterfall"]');
      await page.click('#explain-row');
      await page.waitForFunction(() =>
        document.getElementById('results-title').textContent.startsWith('Explanation of row'),
      );
      const download = page.waitForEvent('download');
      await page.click('#download-json');
      return JSON.parse(await (await download).createReadStream().then(readAll));
    };
    const xgboost = await explainAndSave('ctr_xgb.json', '{"interactions": true}');
    assert.equal(xgboost.method, 'tree');
    assert.equal(await page.textContent('#stat-method'), 'TreeSHAP');
    const [values] = xgboost.values;
    const sum = values.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - (xgboost.model_output[0] - xgboost.base_value)) < 1e-9, 'efficiency');
    xgboost.interaction_values[0].forEach((row, j) => {
      const rowSum = row.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(rowSum - values[j]) < 1e-9, `interactions of ${j} sum to its value`);
    });
    // The interactions chart summarizes many rows.
    await page.click('#chart-tabs [data-chart="waterfall"]');
    await page.click('#explain-rows');
    await chartDrawn('beeswarm');
    const heatmap = await showChart('heatmap');
    assert.ok(heatmap.svgs >= 1 && heatmap.marks >= 12 * 12, `${heatmap.marks} marks`);

    // The same trees exported to ONNX (examples/trees/make_onnx_models.py) give the same values.
    const onnx = await explainAndSave('ctr_trees.onnx', '');
    assert.equal(onnx.method, 'tree');
    onnx.values[0].forEach((value, j) =>
      assert.ok(Math.abs(value - values[j]) < 1e-5, `feature ${j}: ${value} vs ${values[j]}`),
    );

    // A multiclass model: the chosen class's values fill the table, base value and charts.
    assert.equal(await page.isHidden('#output-index-choice'), true, 'one output: no choice');
    const multiclass = await explainAndSave('multiclass_xgb.json', '');
    assert.equal(await page.isVisible('#output-index-choice'), true);
    await page.selectOption('#output-index', '2');
    const shown = await page.$$eval('#values tbody tr', (rows) =>
      rows.map((tr) => [tr.dataset.player, Number(tr.dataset.value)]),
    );
    assert.equal(shown.length, multiclass.feature_names.length);
    for (const [player, value] of shown) {
      const expected = multiclass.values[0][multiclass.feature_names.indexOf(player)][2];
      assert.ok(Math.abs(value - expected) < 1e-12, `${player}: ${value} vs ${expected}`);
    }
    const base = Number(await page.textContent('#stat-base'));
    assert.ok(Math.abs(base - multiclass.base_value[2]) < 1e-3, `base value ${base}`);
    await chartDrawn('waterfall');
    assert.deepEqual(problems, []);
  },
);

test(
  'a gzip-compressed LightGBM model and a CSV with empty cells get LightGBM’s own SHAP values',
  { skip: skipWithoutChromium },
  async () => {
    const wine = new URL('../fixtures/lightgbm/multiclass_wine/', import.meta.url);
    const { gzipSync } = await import('node:zlib');
    await page.setInputFiles('#csv-file', {
      name: 'wine.csv',
      mimeType: 'text/csv',
      buffer: await readFile(new URL('explain.csv', wine)),
    });
    await page.setInputFiles('#model-file', {
      name: 'model.txt.gz',
      mimeType: 'application/gzip',
      buffer: gzipSync(await readFile(new URL('model.txt', wine))),
    });
    await page.waitForFunction(() => document.getElementById('method').value === 'tree');
    await page.waitForFunction(() => !document.getElementById('explain-row').disabled);
    await page.fill('#settings', '');
    // Row 3 has a missing value (an empty cell): LightGBM reads it as 0 at these splits.
    await page.fill('#row', '3');
    await page.dispatchEvent('#row', 'change');
    await page.click('#chart-tabs [data-chart="waterfall"]');
    await page.click('#explain-row');
    await page.waitForFunction(() =>
      document.getElementById('results-title').textContent.endsWith('row 3'),
    );
    const download = page.waitForEvent('download');
    await page.click('#download-json');
    const saved = JSON.parse(await (await download).createReadStream().then(readAll));
    const expected = JSON.parse(await readFile(new URL('expected.json', wine), 'utf8'));
    const width = expected.num_features;
    for (let k = 0; k < expected.num_class; k++) {
      for (let j = 0; j < width; j++) {
        const theirs = expected.contrib[3][k * (width + 1) + j];
        const ours = saved.values[0][j][k];
        assert.ok(Math.abs(ours - theirs) < 1e-9, `class ${k} feature ${j}: ${ours} vs ${theirs}`);
      }
    }
    await chartDrawn('waterfall');
    assert.deepEqual(problems, []);
  },
);
