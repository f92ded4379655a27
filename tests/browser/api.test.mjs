// The JS API on a plain page in Chromium: it runs in a module Worker, resolves relative model URLs
// against the page, takes model bytes, reports progress, rejects with the engine's message, and
// gives the same explanation as the API in Node, `contrast` included.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { explain as explainInNode, close as closeInNode } from '../../web/whyrec.mjs';
import { demoRows } from '../js/demo-cli.mjs';
import { skipWithoutChromium, startBrowser } from './chromium.mjs';

let chromium;

before(async () => {
  if (!skipWithoutChromium) chromium = await startBrowser();
});

after(async () => {
  await chromium?.stop();
  await closeInNode();
});

// An empty page under /web/, so that relative URLs resolve as they would on a user's page.
async function blankPage() {
  const page = await chromium.browser.newPage();
  await page.route(`${chromium.origin}/web/blank.html`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>whyrec</title>' }),
  );
  await page.goto(`${chromium.origin}/web/blank.html`);
  return page;
}

test('the API works from a page through its worker', { skip: skipWithoutChromium }, async () => {
  const page = await blankPage();

  const inPage = await page.evaluate(async () => {
    const whyrec = await import('/web/whyrec.mjs');
    const demo = '../examples/demo/';
    const meta = await (await fetch(`${demo}meta.json`)).json();
    const csv = await (await fetch(`${demo}background.csv`)).text();
    const background = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',').map(Number));
    const bytes = await (await fetch(`${demo}ctr_mlp.onnx`)).arrayBuffer();
    const rows = background.slice(0, 3);
    const byUrl = await whyrec.predict({ model: `${demo}ctr_mlp.onnx`, rows, output: 'prob' });
    const byBytes = await whyrec.predict({ model: bytes, rows, output: 'prob' });
    const progress = [];
    const explanation = await whyrec.explain({
      model: bytes,
      instances: background.slice(0, 2),
      background,
      featureNames: meta.feature_names,
      output: 'prob',
      maxBatchRows: 100000,
      onProgress: (update) => progress.push(update),
    });
    const failure = await whyrec
      .explain({ model: bytes, instance: background[0], background, output: 'probability' })
      .then(
        () => 'resolved',
        (error) => error.message,
      );
    return {
      background,
      isFloat32Array: byUrl instanceof Float32Array,
      byUrl: Array.from(byUrl),
      byBytes: Array.from(byBytes),
      explanation,
      progress,
      failure,
    };
  });

  assert.equal(page.workers().length, 1, 'one worker does the work');
  assert.ok(inPage.isFloat32Array);
  assert.equal(inPage.byUrl.length, 3);
  assert.deepEqual(inPage.byBytes, inPage.byUrl);

  const { explanation, progress } = inPage;
  assert.equal(explanation.values.length, 2);
  explanation.model_output.forEach((output, i) => {
    assert.ok(Math.abs(output - inPage.byUrl[i]) < 1e-6, `model_output[${i}]`);
  });
  assert.ok(progress.length >= Math.ceil(explanation.evaluations / 100000));
  // `evaluations` counts model rows per explained row; progress counts them all.
  assert.deepEqual(progress.at(-1), {
    rowsEvaluated: 2 * explanation.evaluations,
    instancesDone: 1,
    instances: 2,
  });
  assert.match(inPage.failure, /no output "probability".*logit, prob/);

  const inNode = await explainInNode({
    model: new URL('../../examples/demo/ctr_mlp.onnx', import.meta.url).pathname,
    instances: inPage.background.slice(0, 2),
    background: inPage.background,
    featureNames: explanation.feature_names,
    output: 'prob',
  });
  assert.ok(Math.abs(inNode.base_value - explanation.base_value) < 1e-9, 'base_value');
  inNode.values.forEach((row, i) =>
    row.forEach((value, j) => {
      assert.ok(Math.abs(value - explanation.values[i][j]) < 1e-9, `value ${i},${j}`);
    }),
  );
});

// "Why A rather than B": explain() with `contrast` runs in the worker (its code loaded there on
// first use) as in Node, for the margin and the pairwise probability, whose progress counts two
// model rows per coalition row.
test('contrast runs in the page worker as in Node', { skip: skipWithoutChromium }, async () => {
  const { rows, background } = await demoRows();
  const page = await blankPage();
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

test(
  'a worker that cannot load fails each call, naming its script',
  { skip: skipWithoutChromium },
  async () => {
    const page = await blankPage();
    await page.route('**/build/web/worker.mjs', (route) => route.fulfill({ status: 404 }));
    const message = await page.evaluate(async () => {
      const whyrec = await import('/web/whyrec.mjs');
      const request = { model: { type: 'linear', weights: [1], intercept: 0 }, rows: [[1]] };
      return whyrec.predict(request).then(
        () => 'resolved',
        (error) => error.message,
      );
    });
    assert.match(
      message,
      /^whyrec worker failed: could not load http:\/\/.*\/build\/web\/worker\.mjs \(npm run build makes it\)$/,
    );
    await page.close();
  },
);
