// The JS API's distill() against `whyrec distill`: the same teacher, data, lists, seed and
// settings give the same model (byte for byte for a teacher the core scores; the same scores and
// cuts for the ONNX MLP, whose logits come from ONNX Runtime Web instead of native ONNX Runtime)
// and the same fidelity report; bad teachers, settings and lists get clear errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { distill, predict } from '../../web/whyrec.mjs';
import { demo, demoRows, parseCsv, root, run } from './demo-cli.mjs';
import { makeTempDir } from './temp-dir.mjs';

const dir = await makeTempDir('whyrec-distill-api-');
const { names, rows } = await demoRows();
const candidates = parseCsv(await readFile(demo + 'candidates.csv', 'utf8'));
const users = candidates.rows.map((r) => r[candidates.header.indexOf('user_id')]);
const xgboost = join(root, 'examples/trees/ctr_xgb.json');
const mlp = demo + 'ctr_mlp.onnx';

// The CLI's model text and report for `model` with `flags`.
async function cliDistill(model, name, flags) {
  const out = join(dir, `${name}.json`);
  const report = join(dir, `${name}-report.json`);
  const args = ['distill', '--model', model, '--data', demo + 'candidates.csv'];
  args.push('--drop', 'item_id,label', '--group', 'user_id', ...flags, '--out', out);
  const result = await run([...args, '--report', report]);
  assert.equal(result.code, 0, result.stderr);
  return {
    json: (await readFile(out, 'utf8')).trimEnd(),
    report: JSON.parse(await readFile(report, 'utf8')),
  };
}

// The report's fidelity and size: everything but the timings, the teacher's name (a path here
// and there) and gzip_bytes (CompressionStream's default level against the CLI's level 9).
function fidelity(report) {
  const { fit_seconds, fit_cpu_seconds, teacher_seconds, teacher, gzip_bytes, ...rest } = report;
  for (const seconds of [fit_seconds, fit_cpu_seconds, teacher_seconds]) {
    assert.ok(seconds >= 0, `a time of ${seconds} s`);
  }
  assert.ok(gzip_bytes > 0 && gzip_bytes < rest.json_bytes);
  return rest;
}

// The same report, R^2 to `tolerance`: the core's sums run in another order in WebAssembly
// (128-bit SIMD) than natively, so R^2 can differ in its last digits.
// A linear model's coefficients print with as many digits as they need: its size may differ
// by a few bytes (`sizeSlack`).
function assertSameReport(js, cli, tolerance, sizeSlack = 0) {
  const [got, want] = [fidelity(js), fidelity(cli)];
  assert.ok(Math.abs(got.json_bytes - want.json_bytes) <= sizeSlack, `${got.json_bytes} bytes`);
  delete got.json_bytes;
  delete want.json_bytes;
  for (const key of ['holdout_r2', 'train_r2']) {
    assert.ok(Math.abs(got[key] - want[key]) <= tolerance, `${key}: ${got[key]} vs ${want[key]}`);
    delete got[key];
    delete want[key];
  }
  assert.deepEqual(got, want);
}

const request = { data: rows, featureNames: names, lists: users, group: 'user_id' };

test('distill() of an XGBoost teacher writes the CLI’s GA2M byte for byte', async () => {
  const flags = ['--bags', '2', '--seed', '3', '--interactions', '8'];
  const cli = await cliDistill(xgboost, 'xgb', flags);
  const js = await distill({
    ...request,
    model: xgboost,
    settings: { bags: 2, seed: 3, interactions: 8 },
  });
  assert.equal(js.json, cli.json);
  assert.deepEqual(js.model, JSON.parse(cli.json));
  assertSameReport(js.report, cli.report, 1e-12);
  assert.equal(js.report.teacher, xgboost);
  assert.equal(js.report.terms, 12 + 8);
  assert.ok(js.report.holdout_r2 > 0.8, `held-out R^2 ${js.report.holdout_r2}`);
  assert.ok(Math.abs(js.report.gzip_bytes - cli.report.gzip_bytes) < 0.05 * cli.report.gzip_bytes);
});

// Synthetic rows are crossed from the same fitted rows by the same seed, scored by the same
// core: the same model as the CLI's, and the report counts them.
test('distill() with augment: the CLI’s GA2M byte for byte, synthetic rows counted', async () => {
  const flags = ['--bags', '1', '--seed', '4', '--interactions', '4', '--augment', '2'];
  const cli = await cliDistill(xgboost, 'xgb-augment', flags);
  const settings = { bags: 1, seed: 4, interactions: 4, augment: 2 };
  const js = await distill({ ...request, model: xgboost, settings });
  assert.equal(js.json, cli.json);
  assertSameReport(js.report, cli.report, 1e-12);
  assert.equal(js.report.synthetic_rows, 2 * js.report.train_rows);
  const alone = await distill({
    ...request,
    model: xgboost,
    settings: { ...settings, augment: 0 },
  });
  assert.equal(alone.report.synthetic_rows, 0);
  assert.notEqual(alone.json, js.json);
});

test('distill() of the XGBoost teacher’s logit, linear family: the CLI’s to 1e-9', async () => {
  const flags = ['--family', 'linear', '--max-terms', '5', '--output', 'prob', '--teacher-logit'];
  const cli = await cliDistill(xgboost, 'lasso', flags);
  const js = await distill({
    ...request,
    model: xgboost,
    family: 'linear',
    settings: { max_terms: 5 },
    output: 'prob',
    teacherLogit: true,
  });
  const expected = JSON.parse(cli.json);
  assert.equal(js.model.type, 'linear');
  assert.equal(js.model.link, 'logit');
  assert.ok(Math.abs(js.model.intercept - expected.intercept) <= 1e-9);
  js.model.coefficients.forEach((c, i) => {
    assert.ok(Math.abs(c - expected.coefficients[i]) <= 1e-9, `coefficient ${i}: ${c}`);
    assert.equal(c === 0, expected.coefficients[i] === 0, `coefficient ${i} is zero in both`);
  });
  assertSameReport(js.report, cli.report, 1e-9, 8);
  assert.equal(js.report.terms, 5);
});

// ONNX Runtime Web and native ONNX Runtime agree on the MLP's logits to float32 rounding, not
// bit for bit: the written scores (4 significant digits) and the cuts are the same, the intercept
// (written in full: its digits, and so the file's size, may differ by a few) and R^2 agree to
// that rounding. At 256 bins a feature: at the default 1,024
// (about 6 rows a bin here) the float32 differences reach the written scores, and so which
// neighbouring bins merge (133 against 135 cuts in the first shape function).
test('distill() of the demo MLP (ONNX Runtime Web): the CLI’s scores and fidelity', async () => {
  const flags = ['--bags', '1', '--seed', '5', '--interactions', '4', '--output', 'logit'];
  const cli = await cliDistill(mlp, 'mlp', [...flags, '--max-bins', '256']);
  const settings = { bags: 1, seed: 5, interactions: 4, max_bins: 256 };
  const js = await distill({ ...request, model: mlp, output: 'logit', settings });
  const expected = JSON.parse(cli.json);
  assert.deepEqual(js.model.terms, expected.terms, 'every term: features, cuts and scores');
  assert.ok(Math.abs(js.model.intercept - expected.intercept) <= 1e-7);
  assertSameReport(js.report, cli.report, 1e-8, 4);
});

const linear = (coefficients) => ({
  type: 'linear',
  link: 'identity',
  feature_names: names,
  coefficients,
  intercept: 0.5,
});

// R^2 of `fitted` against `target`.
function r2(fitted, target) {
  const mean = target.reduce((a, b) => a + b, 0) / target.length;
  const residual = target.reduce((s, t, i) => s + (t - fitted[i]) ** 2, 0);
  return 1 - residual / target.reduce((s, t) => s + (t - mean) ** 2, 0);
}

// A teacher whose output has a column per class (LightGBM's three-class wine model): the column
// fitted is the one chosen, as --column chooses it (byte for byte the CLI's GA2M), and none chosen
// is an error rather than class 0 unasked.
test('distill() of a multiclass teacher fits the column chosen', async () => {
  const fixture = join(root, 'tests/fixtures/lightgbm/multiclass_wine/');
  const wine = fixture + 'model.txt';
  const table = parseCsv(await readFile(fixture + 'explain.csv', 'utf8'));
  // Its empty cells are missing values, as the CLI reads them.
  const wineRows = table.rows.map((row) => row.map((cell) => (cell === '' ? NaN : Number(cell))));
  const wineRequest = { model: wine, data: wineRows, featureNames: table.header };
  const settings = { bags: 1, seed: 2, interactions: 4 };
  await assert.rejects(distill({ ...wineRequest, settings }), {
    message:
      "the teacher's output 'margin' has 3 columns (a class or a target each): choose one with " +
      '`column` (0 to 2)',
  });
  await assert.rejects(distill({ ...wineRequest, settings, column: 3 }), {
    message: "`column` 3 is not a column of the teacher's output 'margin' (0 to 2)",
  });
  await assert.rejects(distill({ ...wineRequest, settings, column: 1.5 }), {
    message: '`column` must be a non-negative integer, got 1.5',
  });
  const js = await distill({ ...wineRequest, settings, column: 2 });
  const out = join(dir, 'wine.json');
  const flags = ['--column', '2', '--bags', '1', '--seed', '2', '--interactions', '4'];
  const data = ['--data', fixture + 'explain.csv'];
  const cli = await run(['distill', '--model', wine, ...data, ...flags, '--out', out]);
  assert.equal(cli.code, 0, cli.stderr);
  assert.match(cli.stdout, /model\.txt \(column 2 of its output\) into a ga2m surrogate/);
  assert.equal(js.json, (await readFile(out, 'utf8')).trimEnd());
  const unchosen = await run(['distill', '--model', wine, ...data, '--out', out]);
  assert.notEqual(unchosen.code, 0);
  assert.match(unchosen.stderr, /output 'margin' has 3 columns .*: choose .* --column \(0 to 2\)/);
  // The surrogate follows class 2's margin, not class 0's (LightGBM's own raw scores).
  const margins = JSON.parse(await readFile(fixture + 'expected.json', 'utf8')).raw_score;
  const surrogate = Array.from(await predict({ model: js.model, rows: wineRows }));
  const classMargin = (k) => margins.map((m) => m[k]);
  assert.ok(r2(surrogate, classMargin(2)) > 0.95);
  assert.ok(r2(surrogate, classMargin(0)) < 0.5);
  // An ONNX classifier's probabilities: one column per class, class 0's first.
  const classifier = join(root, 'examples/trees/binary_classifier.onnx');
  const onnxRequest = { model: classifier, data: rows.slice(0, 400), output: 'probabilities' };
  await assert.rejects(distill({ ...onnxRequest, settings }), {
    message:
      "the teacher's output 'probabilities' has 2 columns (a class or a target each): choose " +
      'one with `column` (0 to 1)',
  });
  const positive = await distill({ ...onnxRequest, settings, column: 1 });
  assert.ok(positive.report.holdout_r2 > 0.5, `held-out R^2 ${positive.report.holdout_r2}`);
});

test('distill() errors: a constant teacher, a NaN score, bad settings and lists', async () => {
  const data = rows.slice(0, 200);
  await assert.rejects(distill({ model: linear(names.map(() => 0)), data }), {
    message:
      "distilling the model given: the teacher's scores are all 0.500000: a constant teacher " +
      'has nothing to distil',
  });
  // A missing value makes the MLP's logit NaN; a linear teacher refuses it itself.
  const withMissing = data.map((row, i) => (i === 7 ? [NaN, ...row.slice(1)] : row));
  await assert.rejects(distill({ model: mlp, data: withMissing, output: 'logit' }), {
    message: `distilling ${mlp}: the teacher's score for row 7 (from 0 after the header) is NaN`,
  });
  await assert.rejects(distill({ model: linear(names.map(() => 1)), data: withMissing }), {
    message:
      'the linear model cannot take a missing value (impute it): input row 7, feature ' +
      "'price_vs_usual_spend' is missing",
  });
  await assert.rejects(distill({ model: xgboost, data, settings: { bag: 2 } }), (error) => {
    assert.match(error.message, /unknown distill setting "bag"; known: .*bags/);
    return true;
  });
  await assert.rejects(distill({ model: xgboost, data, settings: { bags: 0 } }), {
    message: `distilling ${xgboost}: distill setting "bags" must be in [1, 1000], got 0`,
  });
  await assert.rejects(
    distill({ model: xgboost, data, family: 'forest' }),
    /unknown family 'forest'/,
  );
  await assert.rejects(distill({ model: xgboost, data, lists: ['a'] }), {
    message: '`lists` has 1 ids but `data` has 200 rows',
  });
  // The MLP's first output is its logit, not a probability.
  await assert.rejects(
    distill({ model: mlp, data, teacherLogit: true }),
    /teacherLogit: the teacher's output for data row \d+ is -?[\d.e-]+, not a probability in \(0, 1\)/,
  );
});
