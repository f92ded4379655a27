// The native CLI end to end: exact Shapley values of the demo MLP checked against an independent
// brute force (onnxruntime-node evaluating every coalition, the subset formula written here),
// agreement with the WebAssembly build, and clear errors for bad input. WHYREC_CLI and
// WHYREC_CORE point the test at other builds (see demo-cli.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ortNode from 'onnxruntime-node';
import { explain, close } from '../../web/whyrec.mjs';
import { backgroundArgs, demo, demoArgs, demoDataArgs, demoRows, ids, run } from './demo-cli.mjs';
import { makeTempDir } from './temp-dir.mjs';

async function explainDemo(extra) {
  const result = await run(['explain', ...demoArgs, ...backgroundArgs, ...extra]);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

// Exact interventional Shapley values by the subset formula, all 2^d coalitions evaluated by
// onnxruntime-node: shares no code with the core.
async function bruteForceShapley(session, x, background) {
  const d = x.length;
  const m = background.length;
  const coalitions = 1 << d;
  const input = new Float32Array(coalitions * m * d);
  for (let s = 0; s < coalitions; s++) {
    for (let b = 0; b < m; b++) {
      for (let j = 0; j < d; j++) {
        input[(s * m + b) * d + j] = (s >> j) & 1 ? x[j] : background[b][j];
      }
    }
  }
  const tensor = new ortNode.Tensor('float32', input, [coalitions * m, d]);
  const { prob } = await session.run({ features: tensor }, ['prob']);
  const v = new Float64Array(coalitions);
  for (let s = 0; s < coalitions; s++) {
    let sum = 0;
    for (let b = 0; b < m; b++) sum += prob.data[s * m + b];
    v[s] = sum / m;
  }
  const factorial = (n) => (n <= 1 ? 1 : n * factorial(n - 1));
  const phi = new Array(d).fill(0);
  for (let s = 0; s < coalitions; s++) {
    let size = 0;
    for (let j = 0; j < d; j++) size += (s >> j) & 1;
    const weight = (factorial(size) * factorial(d - size - 1)) / factorial(d);
    for (let j = 0; j < d; j++) if (!((s >> j) & 1)) phi[j] += weight * (v[s | (1 << j)] - v[s]);
  }
  return { phi, base: v[0], output: v[coalitions - 1] };
}

test('exact Shapley of the demo MLP matches an independent brute force', async () => {
  const json = await explainDemo(['--rows', '3:5', '--output', 'prob', '--seed', '11']);
  const { names, rows, background } = await demoRows();
  assert.deepEqual(json.feature_names, names);
  assert.equal(json.method, 'exact');
  assert.equal(json.output, 'prob');
  assert.equal(json.seed, 11);
  assert.equal(json.evaluations, 4096 * 100);
  assert.equal(json.values.length, 2);
  const session = await ortNode.InferenceSession.create(demo + 'ctr_mlp.onnx');
  for (const [i, row] of [rows[3], rows[4]].entries()) {
    const expected = await bruteForceShapley(session, row, background);
    assert.ok(Math.abs(json.base_value - expected.base) < 1e-6);
    assert.ok(Math.abs(json.model_output[i] - expected.output) < 1e-6);
    json.values[i].forEach((value, j) =>
      assert.ok(
        Math.abs(value - expected.phi[j]) < 1e-6,
        `${names[j]}: ${value} vs ${expected.phi[j]}`,
      ),
    );
    const sum = json.values[i].reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - (json.model_output[i] - json.base_value)) < 1e-9);
    assert.ok(json.std_errors[i].every((e) => e === 0));
  }
});

test('native and WebAssembly builds give the same values', async (t) => {
  t.after(close);
  const native = await explainDemo(['--rows', '7:9']);
  const { rows, background, names } = await demoRows();
  const wasm = await explain({
    model: demo + 'ctr_mlp.onnx',
    instances: rows.slice(7, 9),
    background,
    featureNames: names,
    method: 'exact',
    output: 'logit',
  });
  assert.equal(native.output, 'logit', 'the first output is the default');
  assert.equal(wasm.output, 'logit');
  assert.ok(Math.abs(native.base_value - wasm.base_value) < 1e-6);
  native.values.forEach((row, i) =>
    row.forEach((value, j) => assert.ok(Math.abs(value - wasm.values[i][j]) < 1e-6)),
  );
});

test('linear SHAP of the demo logistic model is w·(x − mean)', async () => {
  const model = JSON.parse(await readFile(demo + 'ctr_logistic.json', 'utf8'));
  const result = await run([
    'explain',
    '--model',
    demo + 'ctr_logistic.json',
    '--method',
    'linear',
    ...demoDataArgs,
    '--rows',
    '0:1',
  ]);
  assert.equal(result.code, 0, result.stderr);
  const json = JSON.parse(result.stdout);
  const { rows, background } = await demoRows();
  const mean = model.coefficients.map(
    (_, j) => background.reduce((s, r) => s + r[j], 0) / background.length,
  );
  assert.equal(json.method, 'linear');
  assert.equal(json.output, 'margin');
  json.values[0].forEach((value, j) => {
    const expected = model.coefficients[j] * (Math.fround(rows[0][j]) - Math.fround(mean[j]));
    assert.ok(Math.abs(value - expected) < 1e-5 * Math.max(1, Math.abs(expected)), `feature ${j}`);
  });
});

test('bad input gets a clear message and a non-zero exit, never a crash', async (t) => {
  const dir = await makeTempDir('whyrec-cli-', t);
  const header = 'a,b\n';
  const files = {
    nan: header + '1,NaN\n',
    text: header + '1,abc\n',
    empty: header,
    ok: header + '1,2\n',
    swapped: 'b,a\n2,1\n',
    model: JSON.stringify({ type: 'linear', coefficients: [1, 2], feature_names: ['a', 'b'] }),
  };
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  const f = (name) => join(dir, name);
  const base = ['explain', '--model', f('model'), '--background', f('ok')];
  const cases = [
    [
      ['explain', '--model', f('missing.onnx'), '--data', f('ok'), '--background', f('ok')],
      /missing\.onnx/,
    ],
    [
      [...base, '--data', f('nan')],
      /nan: row 0 \(from 0 after the header, as --rows counts\): the linear model cannot take a missing value \(impute it\): the instance's feature 'b' is missing/,
    ],
    [
      [...base, '--data', f('text')],
      /row 0 \(from 0 after the header, as --rows counts\), column 'b': 'abc' is not a number/,
    ],
    [
      ['explain', '--model', f('model'), '--data', f('ok'), '--background', f('empty')],
      /background is empty/,
    ],
    [[...base, '--data', f('ok'), '--method', 'magic'], /--method: magic not in \{exact,/],
    [
      [...base, '--data', f('ok'), '--method', 'exact', '--output', 'score'],
      /no output named 'score'; its outputs are: prediction/,
    ],
    [
      [...base, '--data', f('ok'), '--output', 'score'],
      /--method linear explains the model's 'prediction' \(margin space\), not 'score'/,
    ],
    [[...base, '--data', f('ok'), '--rows', '5:9'], /selects no rows/],
    [[...base, '--data', f('ok'), '--frobnicate'], /frobnicate/],
    [
      [
        'explain',
        '--model',
        demo + 'ctr_mlp.onnx',
        '--data',
        demo + 'candidates.csv',
        '--drop',
        'user_id,item_id',
        ...backgroundArgs,
      ],
      /13 feature columns|has 13/,
    ],
    [
      ['explain', '--model', f('model'), '--data', f('ok'), '--background', f('swapped')],
      /column 1 is 'a' in .*ok but 'b' in .*swapped/,
    ],
    [
      ['explain', ...demoArgs, ...backgroundArgs, '--method', 'linear'],
      /--method linear needs a linear model JSON/,
    ],
  ];
  for (const [args, message] of cases) {
    const { code, signal, stderr } = await run(args);
    assert.equal(signal, null, `crashed on ${args.join(' ')}`);
    assert.notEqual(code, 0, `exit 0 on ${args.join(' ')}`);
    assert.match(stderr, message, args.join(' '));
  }
});

// A training CSV as background has the label; the rows explained need not. Same values as the
// rows with their label; a name in neither file is an error naming both.
test('--drop takes a column of either file', async (t) => {
  const dir = await makeTempDir('whyrec-cli-', t);
  const lines = (await readFile(demo + 'candidates.csv', 'utf8')).trim().split('\n').slice(0, 4);
  const label = lines[0].split(',').indexOf('label');
  const unlabelled = join(dir, 'unlabelled.csv');
  const cut = (line) => line.split(',').toSpliced(label, 1).join(',');
  await writeFile(unlabelled, lines.map(cut).join('\n') + '\n');
  const labelled = join(dir, 'labelled.csv');
  await writeFile(labelled, lines.join('\n') + '\n');
  const model = ['explain', '--model', demo + 'ctr_mlp.onnx', '--drop', ids];
  const training = ['--background', demo + 'candidates.csv', '--rows', '0:3'];
  const without = await run([...model, '--data', unlabelled, ...training]);
  assert.equal(without.code, 0, without.stderr);
  const withLabel = await run([...model, '--data', labelled, ...training]);
  assert.equal(withLabel.code, 0, withLabel.stderr);
  assert.deepEqual(JSON.parse(without.stdout).values, JSON.parse(withLabel.stdout).values);
  const typo = await run([
    ...model.slice(0, -1),
    'user_id,item_id,lable',
    '--data',
    unlabelled,
    ...training,
  ]);
  assert.notEqual(typo.code, 0);
  assert.match(
    typo.stderr,
    /--drop names 'lable', which is a column of neither .*unlabelled\.csv nor .*candidates\.csv/,
  );
});

test('--help documents every flag', async () => {
  const { code, stdout } = await run(['explain', '--help']);
  assert.equal(code, 0);
  for (const flag of [
    '--model',
    '--data',
    '--rows',
    '--drop',
    '--background',
    '--method',
    '--output',
    '--seed',
    '--out',
    '--groups',
  ]) {
    assert.ok(stdout.includes(flag), flag);
  }
});
