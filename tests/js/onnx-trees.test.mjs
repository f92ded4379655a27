// ONNX tree ensembles in the JS API: method "auto" reads them as trees (decoded in JS, explained
// by the WebAssembly core), their margins agree with what onnxruntime-node outputs, and the
// values equal the native CLI's (the JS API takes no missing values; the C++ tests cover them). WHYREC_CLI and WHYREC_CORE point at other builds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { close, explain } from '../../web/whyrec.mjs';
import {
  backgroundArgs,
  demo,
  demoArgs,
  demoDataArgs,
  demoRows,
  root,
  run,
  runJson,
} from './demo-cli.mjs';

const trees = join(root, 'examples/trees/');

test.after(close);

const sigmoid = (v) => 1 / (1 + Math.exp(-v));
const softmax = (row) => {
  const top = Math.max(...row);
  const e = row.map((v) => Math.exp(v - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
};

async function onnxRuntime(file, rows) {
  const session = await ort.InferenceSession.create(trees + file);
  const width = rows[0].length;
  const input = new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, width]);
  const out = await session.run({ [session.inputNames[0]]: input });
  const name = session.outputNames.at(-1); // probabilities, or a regressor's only output
  const values = Array.from(out[name].data);
  const k = values.length / rows.length;
  return rows.map((_, r) => values.slice(r * k, (r + 1) * k));
}

test('auto explains ONNX tree ensembles with TreeSHAP, whose margins are what ONNX Runtime outputs', async () => {
  const { rows } = await demoRows();
  const picked = rows.slice(0, 25);
  const background = rows.slice(100, 120);
  const grid = Array.from({ length: 30 }, (_, r) =>
    Array.from({ length: 5 }, (_, j) => [0, 1, 2, 3, 1.5, -1][(r * 7 + j * 3) % 6]),
  );
  const cases = [
    ['binary_classifier.onnx', picked, background, (m) => [1 - sigmoid(m), sigmoid(m)]],
    ['multiclass_trees.onnx', picked, background, softmax],
    ['branch_modes_trees.onnx', grid, grid.slice(0, 5), (m) => [m]],
  ];
  for (const [file, instances, reference, scores] of cases) {
    const bytes = await readFile(trees + file);
    const e = await explain({ model: bytes, instances, background: reference, method: 'auto' });
    assert.equal(e.method, 'tree', file);
    assert.equal(e.output, 'margin', file);
    const theirs = await onnxRuntime(file, instances);
    e.model_output.forEach((margin, r) => {
      const ours = scores(margin);
      ours.forEach((v, k) =>
        assert.ok(
          Math.abs(v - theirs[r][k]) <= 1e-5,
          `${file} row ${r} column ${k}: ${v} vs ${theirs[r][k]}`,
        ),
      );
      // Several outputs: each value is an array with one entry per output.
      const margins = [margin].flat();
      margins.forEach((m, k) => {
        const sum = e.values[r].reduce((total, v) => total + [v].flat()[k], 0);
        const base = [e.base_value].flat()[k];
        assert.ok(Math.abs(sum - (m - base)) < 1e-9, `${file} row ${r}: efficiency`);
      });
    });
  }
});

test('native and WebAssembly TreeSHAP agree on an ONNX classifier, interaction values too', async () => {
  const { rows, background } = await demoRows();
  const model = trees + 'multiclass_trees.onnx';
  for (const mode of ['path', 'interventional']) {
    const native = await runJson([
      'explain',
      '--model',
      model,
      ...demoDataArgs,
      '--method',
      'auto',
      '--rows',
      '40:60',
      '--tree-mode',
      mode,
      '--interactions',
    ]);
    assert.equal(native.method, 'tree');
    const wasm = await explain({
      model,
      instances: rows.slice(40, 60),
      background,
      method: 'tree',
      settings: { tree_mode: mode, interactions: true },
    });
    let largest = 0;
    const compare = (a, b) => {
      if (Array.isArray(a)) return a.forEach((v, i) => compare(v, b[i]));
      largest = Math.max(largest, Math.abs(a - b));
    };
    compare(native.values, wasm.values);
    compare(native.base_value, wasm.base_value);
    compare(native.model_output, wasm.model_output);
    compare(native.interaction_values, wasm.interaction_values);
    assert.ok(largest <= 1e-6, `${mode}: largest difference ${largest}`);
  }
});

test("the CLI explains an ONNX classifier's probabilities model-agnostically", async () => {
  const out = await runJson([
    'explain',
    '--model',
    trees + 'binary_classifier.onnx',
    ...demoDataArgs,
    '--rows',
    '0:3',
    '--method',
    'exact',
    '--output',
    'probabilities',
    '--budget',
    '4096',
  ]);
  assert.equal(out.output, 'probabilities');
  out.model_output.forEach((p) => assert.ok(Math.abs(p[0] + p[1] - 1) < 1e-6));
});

test('tree errors name the model and what is wrong', async () => {
  const { rows, background } = await demoRows();
  await assert.rejects(
    explain({
      model: demo + 'ctr_mlp.onnx',
      instances: rows.slice(0, 1),
      background,
      method: 'tree',
    }),
    /method "tree" needs an XGBoost JSON model .* or an ONNX tree ensemble/,
  );
  await assert.rejects(
    explain({
      model: trees + 'binary_classifier.onnx',
      instances: rows.slice(0, 1),
      background,
      method: 'tree',
      output: 'probabilities',
    }),
    /method "tree" explains the model's 'margin' \(margin space\), not 'probabilities'/,
  );
  const bytes = new Uint8Array(await readFile(trees + 'multiclass_trees.onnx'));
  const damaged = bytes.slice(0, Math.floor(bytes.length * 0.6));
  await assert.rejects(
    explain({ model: damaged, instances: rows.slice(0, 1), background, method: 'auto' }),
    /not an ONNX model|the ONNX model: /,
  );
  const cli = await run([
    'explain',
    ...demoArgs,
    ...backgroundArgs,
    '--method',
    'tree',
    '--rows',
    '0:1',
  ]);
  assert.notEqual(cli.code, 0);
  assert.match(cli.stderr, /--method tree needs a tree ensemble/);
});
