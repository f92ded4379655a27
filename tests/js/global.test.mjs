// Global importance, PD, ALE and fidelity curves through the JS API agree with the native CLI on
// the demo MLP, and hold where the answer is known without either build.
// WHYREC_CLI and WHYREC_CORE point the test at other builds (see demo-cli.mjs).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Papa from 'papaparse';
import { close, curves, importance, predict } from '../../web/whyrec.mjs';
import { backgroundArgs, demo, demoArgs, run, runJson } from './demo-cli.mjs';
import { makeTempDir } from './temp-dir.mjs';

const model = demo + 'ctr_mlp.onnx';

let names;
let candidates;
let labels;
let background;

before(async () => {
  ({ feature_names: names } = JSON.parse(await readFile(demo + 'meta.json', 'utf8')));
  const rows = await csvRows('candidates.csv');
  candidates = rows.map((row) => names.map((name) => row[name]));
  labels = rows.map((row) => row.label);
  background = (await csvRows('background.csv')).map((row) => names.map((name) => row[name]));
});

after(close);

async function csvRows(file) {
  const text = await readFile(demo + file, 'utf8');
  return Papa.parse(text, { header: true, dynamicTyping: true, skipEmptyLines: true }).data;
}

const cli = runJson;

// Same keys in the same order, strings and integers equal, numbers within 1e-6.
function assertClose(actual, expected, path = 'result') {
  if (typeof expected === 'number') {
    assert.ok(Math.abs(actual - expected) <= 1e-6, `${path}: ${actual} vs ${expected}`);
  } else if (expected !== null && typeof expected === 'object') {
    assert.deepEqual(Object.keys(actual), Object.keys(expected), `${path}: keys`);
    for (const key of Object.keys(expected)) {
      assertClose(actual[key], expected[key], `${path}.${key}`);
    }
  } else {
    assert.equal(actual, expected, path);
  }
}

test('permutation importance: JS and CLI agree for the same seed', async () => {
  const args = ['--target', 'label', '--metric', 'auc', '--repeats', '2', '--seed', '7'];
  const native = await cli(['importance', ...demoArgs, ...args, '--rows', '0:400']);
  const js = await importance({
    model,
    rows: candidates.slice(0, 400),
    labels: labels.slice(0, 400),
    target: 'label',
    featureNames: names,
    method: 'permutation',
    metric: 'auc',
    repeats: 2,
    seed: 7,
  });
  assert.equal(js.method, 'permutation');
  assertClose(js, native);
});

// An ONNX classifier's probabilities (a column per class): the column read is the one chosen, in
// JS as in the CLI; none chosen is an error rather than class 0's probability.
test('an output of several columns: importance reads the column chosen', async () => {
  const classifier = join(demo, '../trees/binary_classifier.onnx');
  const flags = ['--model', classifier, '--output', 'probabilities', '--column', '1'];
  const data = ['--data', demo + 'candidates.csv', '--drop', 'user_id,item_id,label'];
  // Partial dependence: P(class 1) and P(class 0) give different averages (permutation
  // importance's RMSE would not tell them apart).
  const pd = ['--method', 'pd', '--feature', 'discount_pct'];
  const native = await cli(['importance', ...flags, ...data, ...pd, '--rows', '0:300']);
  assert.equal(native.column, 1);
  const request = {
    model: classifier,
    output: 'probabilities',
    rows: candidates.slice(0, 300),
    featureNames: names,
    method: 'pd',
    feature: 'discount_pct',
  };
  await assert.rejects(importance(request), {
    message:
      "the model's output has 2 columns (a class or a target each): choose one with --column " +
      '(JS: `column`) (0 to 1)',
  });
  assertClose(await importance({ ...request, column: 1 }), native);
  const classZero = await importance({ ...request, column: 0 });
  assert.notDeepEqual(classZero.average, native.average);
});

test('ALE and PD, single and pair: JS and CLI agree', async () => {
  const rows = candidates.slice(0, 300);
  const cases = [
    [{ method: 'ale', feature: 'discount_pct', bins: 8 }, ['--bins', '8']],
    [{ method: 'ale', feature: ['novelty', 'item_rating'], bins: 4 }, ['--bins', '4']],
    [{ method: 'pd', feature: 'item_rating', gridResolution: 6 }, ['--grid-resolution', '6']],
    [
      { method: 'pd', feature: ['novelty', 'item_rating'], gridResolution: 4 },
      ['--grid-resolution', '4'],
    ],
  ];
  for (const [settings, flags] of cases) {
    const feature = [settings.feature].flat().join(',');
    const native = await cli([
      'importance',
      ...demoArgs,
      '--method',
      settings.method,
      '--feature',
      feature,
      ...flags,
      '--rows',
      '0:300',
    ]);
    assertClose(await importance({ model, rows, featureNames: names, ...settings }), native);
  }
});

test('deletion and insertion curves: JS and CLI agree, and end where they must', async (t) => {
  const dir = await makeTempDir('whyrec-global-', t);
  const file = join(dir, 'exact.json');
  const written = await run([
    'explain',
    ...demoArgs,
    ...backgroundArgs,
    '--rows',
    '3:5',
    '--output',
    'prob',
    '--out',
    file,
  ]);
  assert.equal(written.code, 0, written.stderr);
  const explanation = JSON.parse(await readFile(file, 'utf8'));
  const native = await cli([
    'curves',
    '--explanation',
    file,
    ...demoArgs,
    ...backgroundArgs,
    '--random-orders',
    '3',
    '--seed',
    '4',
  ]);
  const progress = [];
  const js = await curves({
    model,
    explanation,
    rows: candidates,
    background,
    randomOrders: 3,
    seed: 4,
    onProgress: (p) => progress.push(p.rowsEvaluated),
  });
  assertClose(js, native);
  assert.deepEqual(js.rows, [3, 5]);
  assert.ok(progress.length > 0 && progress.every((n, i) => i === 0 || n > progress[i - 1]));
  // Nothing deleted (or everything inserted) is the instance itself.
  const outputs = await predict({ model, rows: candidates.slice(3, 5), output: 'prob' });
  js.deletion.forEach((curve, i) => {
    assert.ok(Math.abs(curve[0] - outputs[i]) < 1e-6);
    assert.ok(Math.abs(js.insertion[i].at(-1) - outputs[i]) < 1e-6);
  });
});

test('a feature constant over the rows has no permutation importance', async () => {
  const column = names.indexOf('novelty');
  const rows = candidates.slice(0, 200).map((row) => row.map((v, j) => (j === column ? 0.5 : v)));
  const result = await importance({ model, rows, featureNames: names, repeats: 2 });
  assert.equal(result.metric, 'rmse');
  assert.equal(result.target, null);
  assert.equal(result.importance[column], 0);
  assert.ok(result.importance.some((v) => v > 0));
});

test('bad requests reject with clear messages', async () => {
  const rows = candidates.slice(0, 20);
  const cases = [
    [{ method: 'shap' }, /`method` must be 'permutation', 'pd' or 'ale', got "shap"/],
    [{ method: 'ale' }, /method ale needs feature NAME or a pair A,B/],
    [{ method: 'pd', feature: 'nope' }, /unknown feature 'nope'/],
    [{ labels: [1, 0] }, /there are 2 labels for 20 rows/],
    [{ metric: 'logloss' }, /metric 'logloss' needs a label column/],
    [{ repeats: 0 }, /'repeats' must be an integer >= 1/],
    [{ rows: [[1, 2]] }, /rows row 0 has 2 values, but there are 12 features/],
  ];
  for (const [settings, message] of cases) {
    await assert.rejects(importance({ model, rows, featureNames: names, ...settings }), message);
  }
  await assert.rejects(
    curves({ model, explanation: { values: 3 }, rows, background }),
    /`explanation` must be an explanation/,
  );
  const explanation = {
    feature_names: names,
    values: [names.map(() => 0)],
    settings: { rows: [20, 21] },
  };
  await assert.rejects(
    curves({ model, explanation, rows, background }),
    /the explanation covers rows past the end of the data/,
  );
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(
    importance({ model, rows, featureNames: names, signal: controller.signal }),
    { name: 'AbortError' },
  );
});
