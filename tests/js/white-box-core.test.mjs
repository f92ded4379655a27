// The widget's white-box core leaves SHAP interaction values out for size: asked for them, an
// engine configured with it (as the widget's is) explains with the full core instead, and gives
// what the default engine gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createEngine } from '../../web/engine.mjs';
import { close, explain } from '../../web/whyrec.mjs';
import { demoRows, root } from './demo-cli.mjs';

test.after(close);

const wasm = new URL('../../build/wasm/', import.meta.url);
const model = `${root}/examples/trees/ctr_xgb.json`;

test('interaction values asked of a widget-configured engine come from the full core', async () => {
  const { rows } = await demoRows();
  const request = {
    model,
    instances: rows.slice(0, 3),
    background: rows.slice(0, 20),
    method: 'tree',
    settings: { tree_mode: 'interventional', interactions: true },
  };
  const expected = await explain(request);
  const widget = createEngine({
    coreUrl: new URL('whyrec_shapley.mjs', wasm),
    whiteBoxCoreUrl: new URL('whyrec_white_box.mjs', wasm),
  });
  try {
    const plain = await widget.explain({ ...request, settings: { tree_mode: 'interventional' } });
    assert.equal(plain.interaction_values, undefined);
    const out = await widget.explain(request);
    assert.equal(out.interaction_values.length, 3);
    assert.deepEqual(out.interaction_values, expected.interaction_values);
    assert.deepEqual(out.values, expected.values);
    for (let r = 0; r < 3; r++) {
      const sums = out.interaction_values[r].map((row) => row.reduce((a, b) => a + b, 0));
      sums.forEach((sum, j) => assert.ok(Math.abs(sum - out.values[r][j]) < 1e-9));
    }
  } finally {
    await widget.close();
  }
});

test('the white-box core itself refuses interaction values by name', async () => {
  const { loadCore } = await import('../../web/core.mjs');
  assert.equal((await loadCore(new URL('whyrec_core.mjs', wasm))).fullTreeCore, true);
  const core = await loadCore(new URL('whyrec_white_box.mjs', wasm));
  assert.equal(core.fullTreeCore, false);
  const text = await readFile(model, 'utf8');
  const width = Number(JSON.parse(text).learner.learner_model_param.num_feature);
  const names = Array.from({ length: width }, (_, j) => `f${j}`);
  const config = (settings) => JSON.stringify({ ...settings, feature_names: names });
  const background = new Float32Array(width);
  core.createTreeExplainer(text, config({}), background).delete();
  assert.throws(
    () => core.createTreeExplainer(text, config({ interactions: true }), background),
    /interaction values need the full core \(whyrec_core\.mjs\)/,
  );
});
