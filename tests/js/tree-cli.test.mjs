// The native CLI's TreeSHAP end to end on the reference XGBoost model: path-dependent values
// equal XGBoost's own pred_contribs (examples/trees/expected/ctr.json, written by
// make_xgboost_models.py), the same model as an ONNX tree ensemble gives the same values,
// interventional values are additive, threads change nothing, the
// WebAssembly build gives the same values through the JS API, and a damaged model file gets a
// clear error. WHYREC_CLI and WHYREC_CORE point the test at other builds (see demo-cli.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { close, explain } from '../../web/whyrec.mjs';
import { backgroundArgs, demo, demoDataArgs, ids, root, run } from './demo-cli.mjs';
import { makeTempDir } from './temp-dir.mjs';

const trees = join(root, 'examples/trees/');
const model = trees + 'ctr_xgb.json';

const treeArgs = (data, extra) => [
  'explain',
  '--model',
  model,
  '--data',
  data,
  ...backgroundArgs,
  '--method',
  'tree',
  ...extra,
];

async function explainTrees(data, extra) {
  const result = await run(treeArgs(data, extra));
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

const near = (ours, theirs, what) =>
  assert.ok(
    Math.abs(ours - theirs) <= 1e-5 * Math.max(1, Math.abs(theirs)),
    `${what}: ${ours} vs ${theirs}`,
  );

test('path-dependent values equal XGBoost pred_contribs and margins', async (t) => {
  const expected = JSON.parse(await readFile(trees + 'expected/ctr.json', 'utf8'));
  const header = (await readFile(demo + 'background.csv', 'utf8')).split('\n')[0];
  // Rows without missing values: a CSV cell cannot be missing.
  const picked = expected.rows
    .map((row, i) => ({ row, i }))
    .filter(({ row }) => !row.includes(null));
  assert.ok(picked.length >= 2);
  const dir = await makeTempDir('whyrec-tree-', t);
  const csv = join(dir, 'rows.csv');
  await writeFile(csv, [header, ...picked.map(({ row }) => row.join(','))].join('\n') + '\n');
  const out = await explainTrees(csv, ['--tree-mode', 'path']);
  assert.equal(out.method, 'tree');
  assert.equal(out.settings.tree_mode, 'path');
  picked.forEach(({ i }, r) => {
    const contribs = expected.contribs[i];
    const d = contribs.length - 1;
    for (let j = 0; j < d; j++) near(out.values[r][j], contribs[j], `row ${i} feature ${j}`);
    near(out.base_value, contribs[d], 'bias');
    near(out.model_output[r], expected.margin[i], `row ${i} margin`);
  });
});

test('interventional values are additive and threads change nothing', async () => {
  const data = demo + 'candidates.csv';
  const common = ['--drop', ids, '--rows', '0:300', '--tree-mode', 'interventional'];
  const one = await explainTrees(data, [...common, '--threads', '1']);
  const two = await explainTrees(data, [...common, '--threads', '2']);
  assert.deepEqual(two.values, one.values);
  assert.equal(one.settings.background_rows, 100);
  one.values.forEach((row, r) => {
    const sum = row.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - (one.model_output[r] - one.base_value)) < 1e-9, `row ${r}`);
  });
});

// Where the build has no CUDA or the machine no GPU, --device cuda must say which; on a GPU it
// gives the CPU's values.
test('--device cuda gives the CPU values or says why it cannot', async () => {
  const data = demo + 'candidates.csv';
  for (const mode of ['path', 'interventional']) {
    const common = ['--drop', ids, '--rows', '0:100', '--tree-mode', mode];
    const result = await run(treeArgs(data, [...common, '--device', 'cuda']));
    if (result.code !== 0) {
      assert.match(
        result.stderr,
        /this build has no CUDA \(nvcc was not found at configure time\)|no usable CUDA GPU/,
      );
      continue;
    }
    const cpu = await explainTrees(data, common);
    const gpu = JSON.parse(result.stdout);
    cpu.values.forEach((row, r) =>
      row.forEach((value, j) => near(gpu.values[r][j], value, `${mode} row ${r} feature ${j}`)),
    );
  }
});

test('the ONNX tree ensemble of the reference model gives its values', async () => {
  const common = [...demoDataArgs, '--method', 'tree', '--rows', '0:50'];
  for (const mode of ['path', 'interventional']) {
    const xgboost = await explainTrees(demo + 'candidates.csv', [
      '--drop',
      ids,
      '--rows',
      '0:50',
      '--tree-mode',
      mode,
    ]);
    const result = await run([
      'explain',
      '--model',
      trees + 'ctr_trees.onnx',
      ...common,
      '--tree-mode',
      mode,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const onnx = JSON.parse(result.stdout);
    // The ONNX file stores leaf values and covers in float32, XGBoost's JSON in decimal.
    xgboost.values.forEach((row, r) =>
      row.forEach((value, j) => near(onnx.values[r][j], value, `${mode} row ${r} feature ${j}`)),
    );
  }
});

test('a damaged model or a non-tree model gets a clear error', async (t) => {
  const dir = await makeTempDir('whyrec-tree-', t);
  const text = await readFile(model, 'utf8');
  const broken = join(dir, 'broken.json');
  await writeFile(broken, text.slice(0, text.length / 2));
  const args = (file) => [
    'explain',
    '--model',
    file,
    ...demoDataArgs,
    '--method',
    'tree',
    '--rows',
    '0:2',
  ];
  const truncated = await run(args(broken));
  assert.notEqual(truncated.code, 0);
  assert.match(truncated.stderr, /broken\.json: not valid JSON/);
  const cyclic = JSON.parse(text);
  cyclic.learner.gradient_booster.model.trees[5].left_children[0] = 0;
  await writeFile(broken, JSON.stringify(cyclic));
  const cycle = await run(args(broken));
  assert.notEqual(cycle.code, 0);
  assert.match(cycle.stderr, /tree 5, node 0: child 0 is reached twice/);
  const onnx = await run(args(demo + 'ctr_mlp.onnx'));
  assert.notEqual(onnx.code, 0);
  assert.match(onnx.stderr, /--method tree needs a tree ensemble/);
});

function parseCsv(text, drop = []) {
  const [header, ...lines] = text
    .trim()
    .split('\n')
    .map((line) => line.split(','));
  const keep = header.map((name, i) => (drop.includes(name) ? -1 : i)).filter((i) => i >= 0);
  return lines.map((cells) => keep.map((i) => Number(cells[i])));
}

test('native and WebAssembly TreeSHAP agree in both modes, interaction values too', async (t) => {
  t.after(close);
  const drop = ['user_id', 'item_id', 'label'];
  const rows = parseCsv(await readFile(demo + 'candidates.csv', 'utf8'), drop).slice(10, 30);
  const background = parseCsv(await readFile(demo + 'background.csv', 'utf8'));
  for (const mode of ['path', 'interventional']) {
    const native = await explainTrees(demo + 'candidates.csv', [
      '--drop',
      drop.join(','),
      '--rows',
      '10:30',
      '--tree-mode',
      mode,
      '--interactions',
    ]);
    const wasm = await explain({
      model,
      instances: rows,
      background,
      settings: { tree_mode: mode, interactions: true },
    });
    assert.equal(wasm.method, 'tree');
    assert.equal(wasm.settings.tree_mode, mode);
    assert.ok(Math.abs(wasm.base_value - native.base_value) < 1e-9, mode);
    native.values.forEach((row, r) =>
      row.forEach((value, j) =>
        assert.ok(Math.abs(value - wasm.values[r][j]) < 1e-9, `${mode} row ${r} feature ${j}`),
      ),
    );
    assert.equal(native.interaction_values.length, 20);
    native.interaction_values.forEach((matrix, r) =>
      matrix.forEach((row, i) => {
        const sum = row.reduce((a, b) => a + b, 0);
        assert.ok(Math.abs(sum - native.values[r][i]) < 1e-9, `${mode} row ${r} player ${i}`);
        row.forEach((value, j) =>
          assert.ok(
            Math.abs(value - wasm.interaction_values[r][i][j]) < 1e-9,
            `${mode} (${i}, ${j})`,
          ),
        );
      }),
    );
  }
});

test('--contrast explains f(A) - f(B): TreeSHAP values minus B’s, adding up from f(B)', async () => {
  const common = ['--drop', ids, '--rows', '0:3', '--tree-mode', 'path'];
  const plain = await explainTrees(demo + 'candidates.csv', ['--drop', ids, '--rows', '0:8']);
  const contrast = await explainTrees(demo + 'candidates.csv', [...common, '--contrast', '7']);
  assert.equal(contrast.settings.contrast_row, 7);
  assert.equal(contrast.base_value, plain.model_output[7]);
  contrast.values.forEach((row, r) => {
    row.forEach((value, j) =>
      near(value, plain.values[r][j] - plain.values[7][j], `row ${r} feature ${j}`),
    );
    const sum = row.reduce((a, b) => a + b, 0);
    near(sum, contrast.model_output[r] - contrast.base_value, `row ${r} adds up`);
  });
  // Model-agnostic methods too: Kernel SHAP's contrast adds up to the output difference.
  const kernel = await run([
    'explain',
    '--model',
    demo + 'ctr_mlp.onnx',
    ...demoDataArgs,
    '--rows',
    '0:2',
    '--method',
    'kernel',
    '--budget',
    '256',
    '--contrast',
    '7',
  ]);
  assert.equal(kernel.code, 0, kernel.stderr);
  const out = JSON.parse(kernel.stdout);
  out.values.forEach((row, r) =>
    near(
      row.reduce((a, b) => a + b, 0),
      out.model_output[r] - out.base_value,
      `kernel row ${r}`,
    ),
  );
  for (const [extra, message] of [
    [['--contrast', '8000'], /--contrast 8000 is not a row of .*candidates\.csv \(rows 0\.\.7999/],
    [['--contrast', '1', '--interactions'], /--contrast does not combine with --interactions/],
  ]) {
    const result = await run(treeArgs(demo + 'candidates.csv', ['--drop', ids, ...extra]));
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, message);
  }
});
