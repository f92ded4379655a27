// Kernel and permutation SHAP through the CLI and the JS API: same seed, same values on the
// native and WebAssembly builds; efficiency; exactness when the budget covers every coalition;
// clear errors for bad settings. WHYREC_CLI and WHYREC_CORE point the test at other builds
// (see demo-cli.mjs).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { explain, close } from '../../web/whyrec.mjs';
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
import { makeTempDir } from './temp-dir.mjs';

after(close);

const common = [...demoArgs, ...backgroundArgs, '--output', 'prob'];
const cli = (args) => run(['explain', ...common, ...args]);
const cliJson = (args) => runJson(['explain', ...common, ...args]);

const maxDiff = (a, b) => Math.max(...a.flat().map((v, i) => Math.abs(v - b.flat()[i])));

for (const method of ['kernel', 'permutation']) {
  test(`${method}: native and WebAssembly agree for the same seed`, async () => {
    const settings = { budget: 512, seed: 7, background_summary: 20 };
    const native = await cliJson([
      '--rows',
      '2:4',
      '--method',
      method,
      '--budget',
      '512',
      '--seed',
      '7',
      '--background-summary',
      '20',
    ]);
    const { names, rows, background } = await demoRows();
    const wasm = await explain({
      model: demo + 'ctr_mlp.onnx',
      instances: rows.slice(2, 4),
      background,
      featureNames: names,
      method,
      output: 'prob',
      settings,
    });
    assert.equal(native.method, method);
    assert.equal(wasm.method, method);
    assert.equal(native.evaluations, wasm.evaluations);
    assert.ok(maxDiff(native.values, wasm.values) < 1e-6, 'values');
    assert.ok(maxDiff(native.std_errors, wasm.std_errors) < 1e-6, 'standard errors');
    for (const [i, row] of native.values.entries()) {
      const sum = row.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - (native.model_output[i] - native.base_value)) < 1e-9, 'efficiency');
      assert.ok(
        native.std_errors[i].some((e) => e > 0),
        'sampled values have standard errors',
      );
    }
  });
}

test('kernel with a budget covering every coalition equals exact', async () => {
  const exact = await cliJson(['--rows', '5:6', '--method', 'exact']);
  const kernel = await cliJson(['--rows', '5:6', '--method', 'kernel', '--budget', '4094']);
  assert.equal(kernel.settings.exact, true);
  assert.ok(maxDiff(exact.values, kernel.values) < 1e-9);
  assert.ok(kernel.std_errors[0].every((e) => e === 0));
});

test('auto picks exact when 2^G fits the budget, kernel otherwise', async () => {
  assert.equal(
    (await cliJson(['--rows', '0', '--method', 'auto', '--budget', '4096'])).method,
    'exact',
  );
  assert.equal((await cliJson(['--rows', '0', '--method', 'auto'])).method, 'kernel');
});

test('auto explains white-box models in closed form', async () => {
  const autoWith = (model) =>
    runJson(['explain', '--model', model, ...demoDataArgs, '--rows', '0', '--method', 'auto']);
  assert.equal((await autoWith(join(root, 'examples/trees/ctr_xgb.json'))).method, 'tree');
  assert.equal((await autoWith(demo + 'ctr_logistic.json')).method, 'linear');
  const { rows, background, names } = await demoRows();
  const model = JSON.parse(await readFile(demo + 'ctr_logistic.json', 'utf8'));
  const js = await explain({
    model,
    instance: rows[0],
    background,
    featureNames: names,
    method: 'auto',
  });
  assert.equal(js.method, 'linear');
});

test('link logit explains the probability in log-odds', async () => {
  const json = await cliJson([
    '--rows',
    '0',
    '--method',
    'kernel',
    '--link',
    'logit',
    '--seed',
    '1',
  ]);
  const [p] = (await cliJson(['--rows', '0', '--method', 'exact'])).model_output;
  assert.equal(json.settings.link, 'logit');
  assert.ok(Math.abs(json.model_output[0] - Math.log(p / (1 - p))) < 1e-9);
  const sum = json.values[0].reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - (json.model_output[0] - json.base_value)) < 1e-9);
});

test('bad settings get a clear message, never a crash', async (t) => {
  const dir = await makeTempDir('whyrec-kernel-', t);
  const groups = (name, text) => writeFile(join(dir, name), text).then(() => join(dir, name));
  const cases = [
    [['--method', 'kernel', '--budget', '0'], /^--budget: must be positive, got 0$/m],
    [
      ['--method', 'kernel', '--groups', await groups('u.json', '{"g": ["price", "nope"]}')],
      /unknown feature 'price'|unknown feature/,
    ],
    [
      [
        '--method',
        'kernel',
        '--groups',
        await groups('t.json', '{"a": ["novelty"], "b": ["novelty"]}'),
      ],
      /feature 'novelty' is named by group 'a' and by group 'b'/,
    ],
    [
      ['--method', 'kernel', '--background-summary', '101'],
      /k = 101 must be between 1 and the background's 100 rows/,
    ],
    [['--method', 'kernel', '--tolerance', '-1'], /tolerance/],
    [['--method', 'kernel', '--sampling', 'magic'], /magic not in \{leverage,kernel\}/],
    [['--method', 'permutation', '--budget', '30'], /budget must be at least 44 coalitions/],
  ];
  for (const [args, message] of cases) {
    const { code, signal, stderr } = await cli(args);
    assert.equal(signal, null, args.join(' '));
    assert.notEqual(code, 0, args.join(' '));
    assert.match(stderr, message, args.join(' '));
  }
});
