// "Why row A rather than row B" for tabular rows through the JS API (explain() with `contrast`)
// against the CLI's `whyrec explain --contrast B` on the demo: the margin f(A) - f(B) with every
// Shapley method (exact, kernel and permutation by seed, tree, linear, additive), and the
// pairwise probability sigmoid(f(A) - f(B)) (`contrastOutput: 'prob'`, `--contrast-output prob`)
// with exact, kernel and permutation, agree to 1e-6.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { join } from 'node:path';
import { createEngine } from '../../web/engine.mjs';
import { close, explain } from '../../web/whyrec.mjs';
import { demo, demoDataArgs, demoRows, root, run, runJson } from './demo-cli.mjs';

const { rows, background } = await demoRows();
const against = 5;
const explained = [0, 3];
const onnx = demo + 'ctr_mlp.onnx';
after(close);

function cliContrast(model, extra) {
  return runJson([
    'explain',
    '--model',
    model,
    ...demoDataArgs,
    '--rows',
    String(explained[0]),
    '--contrast',
    String(against),
    ...extra,
  ]).then(async (first) => {
    const second = await runJson([
      'explain',
      '--model',
      model,
      ...demoDataArgs,
      '--rows',
      String(explained[1]),
      '--contrast',
      String(against),
      ...extra,
    ]);
    return { first, second };
  });
}

function assertClose(ours, theirs, what) {
  if (Array.isArray(theirs)) {
    assert.equal(ours.length, theirs.length, what);
    theirs.forEach((value, i) => assertClose(ours[i], value, `${what}[${i}]`));
    return;
  }
  assert.ok(Math.abs(ours - theirs) <= 1e-6, `${what}: ${ours} vs ${theirs}`);
}

// The JS explanation of rows `explained` equals the CLI's of each of them, and adds up.
function assertAgrees(js, { first, second }, what) {
  assert.equal(js.method, first.method, what);
  assertClose(js.base_value, first.base_value, `${what} base_value`);
  assertClose(js.values, [first.values[0], second.values[0]], `${what} values`);
  assertClose(js.std_errors, [first.std_errors[0], second.std_errors[0]], `${what} std_errors`);
  assertClose(
    js.model_output,
    [first.model_output[0], second.model_output[0]],
    `${what} model_output`,
  );
  assert.deepEqual(js.settings.contrast_row, rows[against], what);
  js.values.forEach((values, r) => {
    const sum = values.reduce((a, b) => a + b, 0);
    assertClose(sum, js.model_output[r] - js.base_value, `${what} row ${r} adds up`);
  });
}

const request = (model, extra) => ({
  model,
  instances: explained.map((r) => rows[r]),
  background,
  contrast: rows[against],
  ...extra,
});

const marginCases = [
  ['exact', onnx, {}, []],
  ['kernel', onnx, { settings: { seed: 3, budget: 300 } }, ['--seed', '3', '--budget', '300']],
  ['permutation', onnx, { settings: { seed: 4, budget: 200 } }, ['--seed', '4', '--budget', '200']],
  [
    'tree',
    join(root, 'examples/trees/ctr_xgb.json'),
    { settings: { tree_mode: 'interventional' } },
    ['--tree-mode', 'interventional'],
  ],
  ['linear', demo + 'ctr_logistic.json', {}, []],
  ['additive', demo + 'ctr_mlp_distilled.json', {}, []],
];

for (const [method, model, extra, flags] of marginCases) {
  test(`contrast (margin), ${method}: JS = CLI --contrast, values = A's minus B's`, async () => {
    const js = await explain(request(model, { method, ...extra }));
    const cli = await cliContrast(model, ['--method', method, ...flags]);
    assertAgrees(js, cli, method);
    // The base value is f(B): B's own explanation's model output.
    const b = await explain({ model, instance: rows[against], background, method, ...extra });
    assertClose(js.base_value, b.model_output[0], `${method} base value is f(B)`);
  });
}

for (const [method, extra, flags] of [
  ['exact', {}, []],
  ['kernel', { settings: { seed: 3, budget: 300 } }, ['--seed', '3', '--budget', '300']],
  ['permutation', { settings: { seed: 4, budget: 200 } }, ['--seed', '4', '--budget', '200']],
]) {
  test(`contrastOutput 'prob', ${method}: JS = CLI --contrast-output prob`, async () => {
    const js = await explain(request(onnx, { method, contrastOutput: 'prob', ...extra }));
    const cli = await cliContrast(onnx, [
      '--method',
      method,
      '--contrast-output',
      'prob',
      ...flags,
    ]);
    assertAgrees(js, cli, method);
    assert.equal(js.settings.contrast_output, 'prob');
    assertClose(js.base_value, 0.5, 'v(no player) = 1/2');
    // The values add up to P(A above B) - 1/2, with P = sigmoid(f(A) - f(B)).
    const scores = await explain(request(onnx, { method: 'exact' }));
    scores.model_output.forEach((margin, r) =>
      assertClose(js.model_output[r], 1 / (1 + Math.exp(-(margin - scores.base_value))), `P ${r}`),
    );
  });
}

test('contrast: clear errors for a bad row, target or method', async () => {
  const base = request(onnx, {});
  await assert.rejects(explain({ ...base, contrast: 5 }), /`contrast` must be row B/);
  await assert.rejects(
    explain({ ...base, contrast: rows[0].slice(1) }),
    /`contrast` \(row B\): .*takes 12 values per row, but the rows given have 11/,
  );
  await assert.rejects(
    explain({ ...base, contrastOutput: 'odds' }),
    /`contrastOutput` must be 'margin' or 'prob', got "odds"/,
  );
  await assert.rejects(explain({ ...base, method: 'lime' }), /needs a Shapley method/);
  // A row's interaction values are not B's subtracted: refused, as the CLI refuses them.
  await assert.rejects(
    explain(
      request(join(root, 'examples/trees/ctr_xgb.json'), {
        method: 'tree',
        settings: { interactions: true },
      }),
    ),
    /does not combine with interactions/,
  );
  await assert.rejects(
    explain({ ...request(demo + 'ctr_logistic.json', {}), contrastOutput: 'prob' }),
    /evaluates ONNX models in the JS API/,
  );
  await assert.rejects(
    explain({ ...base, method: 'additive', contrastOutput: 'prob' }),
    /exact, kernel, permutation or auto, not additive/,
  );
});

test('--contrast-output: clear CLI errors for a method that is not a game player, or no B', async () => {
  const explainArgs = (model, extra) => ['explain', '--model', model, ...demoDataArgs, ...extra];
  for (const [args, message] of [
    [
      explainArgs(demo + 'ctr_logistic.json', ['--contrast', '1', '--contrast-output', 'prob']),
      /--contrast-output prob explains sigmoid\(f\(row\) - f\(B\)\), .*not linear/,
    ],
    [explainArgs(onnx, ['--contrast-output', 'prob']), /--contrast-output needs --contrast B/],
    [explainArgs(onnx, ['--contrast', '1', '--contrast-output', 'odds']), /--contrast-output/],
  ]) {
    const result = await run(args);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, message);
  }
});

test("contrastOutput 'prob' names the core it needs when given the widget's Shapley core", async () => {
  const coreUrl = new URL('../../build/wasm/whyrec_shapley.mjs', import.meta.url);
  const engine = createEngine({ coreUrl });
  try {
    await assert.rejects(
      engine.explain({ ...request(onnx, {}), contrastOutput: 'prob' }),
      /has no pairwise probabilities .*whyrec_core\.mjs/,
    );
    // The margin needs nothing more than explain() does.
    const margin = await engine.explain(request(onnx, {}));
    assert.equal(margin.values.length, explained.length);
  } finally {
    await engine.close();
  }
});
