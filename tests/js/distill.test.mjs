// whyrec distill end to end: distil the demo's ONNX MLP into a GA2M, read the written JSON with
// an independent evaluator written here from the README's format description, check the
// surrogate's exact Shapley values from `whyrec explain` against the closed form for additive
// terms, and clear errors for bad input.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demo, demoDataArgs, demoRows, run } from './demo-cli.mjs';

const dir = await mkdtemp(join(tmpdir(), 'whyrec-distill-'));
after(() => rm(dir, { recursive: true, force: true }));

const teacherArgs = ['--model', demo + 'ctr_mlp.onnx', '--data', demo + 'candidates.csv'];
const distillArgs = [...teacherArgs, '--drop', 'item_id,label', '--group', 'user_id'];

async function distill(extra) {
  const result = await run(['distill', ...distillArgs, ...extra]);
  assert.equal(result.code, 0, result.stderr);
  return result;
}

// The README's bins: 0 for a missing value, else 1 + the number of cuts <= x in float32.
function bin(cuts, x) {
  if (Number.isNaN(x)) return 0;
  const v = Math.fround(x);
  return 1 + cuts.filter((c) => Math.fround(c) <= v).length;
}

function termValue(model, term, x) {
  const [i, j] = term.features.map((name) => model.feature_names.indexOf(name));
  const a = bin(term.cuts[0], x[i]);
  if (term.features.length === 1) return term.scores[a];
  return term.scores[a * (term.cuts[1].length + 2) + bin(term.cuts[1], x[j])];
}

function margin(model, x) {
  return model.terms.reduce((sum, term) => sum + termValue(model, term, x), model.intercept);
}

// Interventional Shapley values of an additive model, term by term: a main term gives its
// feature f(x_i) - mean f(b_i); a pair term is a two-player game split by its Shapley formula.
function shapley(model, x, background) {
  const phi = new Array(x.length).fill(0);
  const mean = (f) => background.reduce((s, b) => s + f(b), 0) / background.length;
  const mixed = (x, b, keep) => x.map((v, k) => (keep.includes(k) ? v : b[k]));
  for (const term of model.terms) {
    const idx = term.features.map((name) => model.feature_names.indexOf(name));
    const value = (row) => termValue(model, term, row);
    if (idx.length === 1) {
      phi[idx[0]] += value(x) - mean(value);
      continue;
    }
    const [i, j] = idx;
    const none = mean(value);
    const vi = mean((b) => value(mixed(x, b, [i])));
    const vj = mean((b) => value(mixed(x, b, [j])));
    const both = value(x);
    phi[i] += 0.5 * (vi - none) + 0.5 * (both - vj);
    phi[j] += 0.5 * (vj - none) + 0.5 * (both - vi);
  }
  return phi;
}

const modelPath = join(dir, 'mlp_ga2m.json');
const reportPath = join(dir, 'report.json');
const fitted = distill(['--bags', '2', '--seed', '3', '--out', modelPath, '--report', reportPath]);

test('distils the demo MLP into a GA2M and reports its held-out fidelity and size', async () => {
  const { stdout } = await fitted;
  assert.match(stdout, /held-out fidelity: R\^2 0\.9\d+, top-10 agreement/);
  const report = JSON.parse(await readFile(reportPath, 'utf8'));
  const text = await readFile(modelPath, 'utf8');
  const model = JSON.parse(text);
  assert.equal(model.format, 'whyrec-distilled');
  assert.equal(model.version, 1);
  assert.equal(model.link, 'identity');
  assert.equal(model.terms.length, 12 + 40);
  assert.equal(report.terms, 52);
  assert.equal(report.pairs.length, 40);
  assert.equal(report.json_bytes, text.trimEnd().length);
  assert.ok(report.gzip_bytes > 0 && report.gzip_bytes < report.json_bytes / 2);
  // 8,000 candidates of 200 users (40 each): 40 users held out whole.
  assert.equal(report.holdout_rows, 1600);
  assert.equal(report.lists_for_top_k, 40);
  assert.ok(report.holdout_r2 > 0.9, `held-out R^2 ${report.holdout_r2}`);
  assert.ok(report.top_k_agreement > 0.7 && report.top_k_agreement <= 1);
  assert.ok(report.ndcg_at_10 > 0.8 && report.ndcg_at_10 <= 1);
});

test('the same seed writes the same model', async () => {
  await fitted;
  const again = join(dir, 'again.json');
  await distill(['--bags', '2', '--seed', '3', '--out', again]);
  assert.equal(await readFile(again, 'utf8'), await readFile(modelPath, 'utf8'));
});

test('explain on the distilled model: exact Shapley equals the additive closed form', async () => {
  await fitted;
  const model = JSON.parse(await readFile(modelPath, 'utf8'));
  const { names, rows, background } = await demoRows();
  assert.deepEqual(model.feature_names, names);
  const result = await run([
    'explain',
    '--model',
    modelPath,
    ...demoDataArgs,
    '--rows',
    '0:3',
    '--method',
    'exact',
  ]);
  assert.equal(result.code, 0, result.stderr);
  const json = JSON.parse(result.stdout);
  assert.equal(json.output, 'prediction');
  json.values.forEach((values, r) => {
    const x = rows[r];
    assert.ok(Math.abs(json.model_output[r] - margin(model, x)) < 1e-5);
    const expected = shapley(model, x, background);
    values.forEach((v, j) => assert.ok(Math.abs(v - expected[j]) < 1e-5, `${names[j]}: ${v}`));
    const sum = values.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - (json.model_output[r] - json.base_value)) < 1e-5);
  });
});

test('the linear family writes a linear model that explain reads', async () => {
  const out = join(dir, 'linear.json');
  await distill(['--family', 'linear', '--max-terms', '4', '--out', out]);
  const model = JSON.parse(await readFile(out, 'utf8'));
  assert.equal(model.type, 'linear');
  assert.ok(model.coefficients.filter((w) => w !== 0).length <= 4);
  const result = await run(['explain', '--model', out, ...demoDataArgs, '--rows', '0:1']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(JSON.parse(result.stdout).method, 'linear');
});

async function expectError(args, pattern) {
  const result = await run(['distill', ...args, '--out', join(dir, 'never.json')]);
  assert.equal(result.code, 1, result.stdout);
  assert.match(result.stderr, pattern);
}

test('bad input gets a clear error', async () => {
  await expectError([...teacherArgs, '--drop', 'item_id,label,nosuch'], /nosuch/);
  await expectError(
    [...distillArgs.slice(0, 4), '--drop', 'item_id,label', '--group', 'nosuch'],
    /--group column 'nosuch' is not in/,
  );
  const data = join(dir, 'tiny.csv');
  await writeFile(data, 'a,b\n1,2\n3,4\n5,6\n');
  const flat = join(dir, 'flat.json');
  await writeFile(
    flat,
    JSON.stringify({ type: 'linear', coefficients: [0, 0], feature_names: ['a', 'b'] }),
  );
  await expectError(['--model', flat, '--data', data], /at least 20 rows, got 3/);
  const rows = Array.from({ length: 30 }, (_, i) => `${i},${i % 7}`).join('\n');
  await writeFile(data, `a,b\n${rows}\n`);
  await expectError(['--model', flat, '--data', data], /constant teacher has nothing to distil/);
  const huge = join(dir, 'huge.json');
  await writeFile(
    huge,
    JSON.stringify({ type: 'linear', coefficients: [1e38, 0], feature_names: ['a', 'b'] }),
  );
  await expectError(
    ['--model', huge, '--data', data],
    /score for row 4 \(from 0 after the header\) is infinite/,
  );
  await expectError([...teacherArgs, '--drop', 'item_id,label'], /user_id/);
  assert.equal(await readFile(join(dir, 'never.json')).catch(() => 'absent'), 'absent');
});
