// The JS API's distill() against `whyrec distill`: the same teacher, data, lists, seed and
// settings give the same model (byte for byte for a teacher the core scores; every score to
// 1e-9 for the ONNX MLP, whose scores come from ONNX Runtime Web instead of native ONNX Runtime)
// and the same fidelity report; bad teachers and settings get clear errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { distill } from '../../web/whyrec.mjs';
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

test('distill() of an XGBoost teacher writes the CLI’s model byte for byte, and its report', async () => {
  const cli = await cliDistill(xgboost, 'xgb', [
    '--bags',
    '2',
    '--seed',
    '3',
    '--interactions',
    '8',
  ]);
  const js = await distill({
    model: xgboost,
    data: rows,
    featureNames: names,
    lists: users,
    group: 'user_id',
    settings: { bags: 2, seed: 3, interactions: 8 },
  });
  assert.equal(js.json, cli.json);
  assert.deepEqual(js.model, JSON.parse(cli.json));
  assert.deepEqual(fidelity(js.report), fidelity(cli.report));
  assert.equal(js.report.teacher, xgboost);
  assert.equal(js.report.terms, 12 + 8);
  assert.ok(js.report.holdout_r2 > 0.8, `held-out R^2 ${js.report.holdout_r2}`);
  assert.ok(Math.abs(js.report.gzip_bytes - cli.report.gzip_bytes) < 0.05 * cli.report.gzip_bytes);
});

test('distill() of the demo MLP (ONNX Runtime Web) equals the CLI’s to 1e-9', async () => {
  const flags = ['--bags', '1', '--seed', '5', '--interactions', '4', '--teacher-logit'];
  const cli = await cliDistill(mlp, 'mlp', [...flags, '--output', 'prob']);
  const js = await distill({
    model: mlp,
    data: rows,
    featureNames: names,
    lists: users,
    group: 'user_id',
    output: 'prob',
    teacherLogit: true,
    settings: { bags: 1, seed: 5, interactions: 4 },
  });
  const expected = JSON.parse(cli.json);
  assert.equal(js.model.link, 'logit');
  assert.deepEqual(js.model.feature_names, expected.feature_names);
  assert.ok(Math.abs(js.model.intercept - expected.intercept) <= 1e-9);
  assert.equal(js.model.terms.length, expected.terms.length);
  js.model.terms.forEach((term, t) => {
    assert.deepEqual(term.features, expected.terms[t].features);
    assert.deepEqual(term.cuts, expected.terms[t].cuts);
    term.scores.forEach((score, i) => {
      assert.ok(Math.abs(score - expected.terms[t].scores[i]) <= 1e-9, `term ${t} score ${i}`);
    });
  });
  const got = fidelity(js.report);
  const want = fidelity(cli.report);
  for (const key of ['holdout_r2', 'train_r2', 'top_k_agreement', 'ndcg_at_10']) {
    assert.ok(Math.abs(got[key] - want[key]) <= 1e-9, `${key}: ${got[key]} vs ${want[key]}`);
    delete got[key];
    delete want[key];
  }
  assert.deepEqual(got, want);
});

test('distill() fits the linear family by the settings’ family, as --family linear', async () => {
  const cli = await cliDistill(xgboost, 'lasso', ['--family', 'linear', '--max-terms', '5']);
  const js = await distill({
    model: xgboost,
    data: rows,
    featureNames: names,
    lists: users,
    group: 'user_id',
    family: 'linear',
    settings: { max_terms: 5 },
  });
  assert.equal(js.json, cli.json);
  assert.equal(js.model.type, 'linear');
  assert.deepEqual(fidelity(js.report), fidelity(cli.report));
});

const linear = (coefficients) => ({
  type: 'linear',
  link: 'identity',
  feature_names: names,
  coefficients,
  intercept: 0.5,
});

test('distill() errors: a constant teacher, a NaN score, bad settings and lists', async () => {
  const data = rows.slice(0, 200);
  await assert.rejects(distill({ model: linear(names.map(() => 0)), data }), {
    message:
      "distilling the model given: the teacher's scores are all 0.500000: a constant teacher " +
      'has nothing to distil',
  });
  const withMissing = data.map((row, i) => (i === 7 ? [NaN, ...row.slice(1)] : row));
  await assert.rejects(distill({ model: linear(names.map(() => 1)), data: withMissing }), {
    message:
      "distilling the model given: the teacher's score for row 7 (from 0 after the header) is NaN",
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
