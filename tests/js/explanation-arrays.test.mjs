// The full core's TreeSHAP answers with its per-row numbers in Float64Arrays
// (TreeExplainer.explainArrays); put together by web/explanation-arrays.mjs they give exactly the
// object that JSON.parse(explainJson(...)) gives: one output and several, missing values, groups,
// interaction values (in the JSON head), and numbers JSON cannot hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCore } from '../../web/core.mjs';
import { fromArrays } from '../../web/explanation-arrays.mjs';
import { root } from './demo-cli.mjs';

const core = await loadCore();

async function explainer(modelPath, settings = {}) {
  const text = await readFile(join(root, modelPath), 'utf8');
  const width = text.startsWith('tree')
    ? Number(/^max_feature_idx=(\d+)$/m.exec(text)[1]) + 1
    : Number(JSON.parse(text).learner.learner_model_param.num_feature);
  const names = Array.from({ length: width }, (_, j) => `f${j}`);
  const config = JSON.stringify({ feature_names: names, ...settings });
  return { width, made: core.createTreeExplainer(text, config, new Float32Array(width)) };
}

// Rows of the width with a missing value in every third row.
function rows(width, count) {
  const x = new Float32Array(width * count);
  x.forEach((_, i) => (x[i] = ((i * 7919) % 101) / 10 - 3));
  for (let r = 0; r < count; r += 3) x[r * width + (r % width)] = NaN;
  return x;
}

const cases = [
  ['one output, path-dependent', 'examples/trees/ctr_xgb.json', {}],
  ['one output, interventional', 'examples/trees/ctr_xgb.json', { tree_mode: 'interventional' }],
  ['three classes', 'tests/fixtures/lightgbm/multiclass_wine/model.txt', {}],
  ['groups', 'examples/trees/ctr_xgb.json', { groups: { pair: ['f0', 'f3'] } }],
  ['interaction values', 'examples/trees/ctr_xgb.json', { interactions: true }],
];

for (const [name, model, settings] of cases) {
  test(`explainArrays gives explainJson's explanation: ${name}`, async () => {
    const { width, made } = await explainer(model, settings);
    try {
      const x = rows(width, 40);
      const fromJson = JSON.parse(made.explainJson(x));
      const arrays = made.explainArrays(x);
      assert.ok(arrays.values instanceof Float64Array);
      const assembled = fromArrays(arrays);
      assert.deepStrictEqual(assembled, fromJson);
      // The same keys in the same order: a page that writes the result out writes the same JSON.
      assert.equal(JSON.stringify(assembled), JSON.stringify(fromJson));
      assert.equal(assembled.values.length, 40);
    } finally {
      made.delete();
    }
  });
}

test('explainArrays refuses what explainJson refuses, with the same message', async () => {
  const { width, made } = await explainer('examples/trees/ctr_xgb.json');
  try {
    for (const x of [new Float32Array(0), new Float32Array(width + 1)]) {
      assert.throws(
        () => made.explainJson(x),
        (expected) => {
          assert.throws(() => made.explainArrays(x), { message: expected.message });
          return /no explained rows|the instance data has/.test(expected.message);
        },
      );
    }
  } finally {
    made.delete();
  }
});

test('fromArrays lays numbers out by row, player and output; non-finite ones null', () => {
  const head = JSON.stringify({
    method: 'tree',
    values: null,
    std_errors: null,
    model_output: null,
  });
  const out = fromArrays({
    head,
    outputs: 2,
    players: 2,
    values: Float64Array.of(1, 2, 3, 4, 5, NaN, Infinity, -0),
    std_errors: new Float64Array(8),
    model_output: Float64Array.of(10, 11, 12, -Infinity),
  });
  assert.deepStrictEqual(out.values, [
    [
      [1, 2],
      [3, 4],
    ],
    [
      [5, null],
      [null, -0],
    ],
  ]);
  assert.deepStrictEqual(out.model_output, [
    [10, 11],
    [12, null],
  ]);
  assert.deepStrictEqual(out.std_errors[1][0], [0, 0]);
  const one = fromArrays({
    head,
    outputs: 1,
    players: 3,
    values: Float64Array.of(1, 2, 3),
    std_errors: new Float64Array(3),
    model_output: Float64Array.of(6),
  });
  assert.deepStrictEqual(one.values, [[1, 2, 3]]);
  assert.deepStrictEqual(one.model_output, [6]);
});

test("the widget's white-box core keeps to explainJson", async () => {
  const small = await loadCore(new URL('../../build/wasm/whyrec_white_box.mjs', import.meta.url));
  const text = await readFile(join(root, 'examples/trees/ctr_xgb.json'), 'utf8');
  const config = JSON.stringify({ feature_names: Array.from({ length: 12 }, (_, j) => `f${j}`) });
  const made = small.createTreeExplainer(text, config, new Float32Array(12));
  try {
    assert.equal(made.explainArrays, undefined);
  } finally {
    made.delete();
  }
});

test('an XGBoost model read from text or a path keeps that text for the core', async () => {
  const { resolveModel } = await import('../../web/models.mjs');
  const path = join(root, 'examples/trees/ctr_xgb.json');
  const text = await readFile(path, 'utf8');
  for (const model of [text, path]) {
    const read = await resolveModel(model);
    assert.equal(read.kind, 'xgboost');
    assert.equal(read.text, text);
  }
  assert.equal((await resolveModel(JSON.parse(text))).text, undefined);
});
