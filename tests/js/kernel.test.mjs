// Kernel and permutation SHAP through the CLI and the JS API: same seed, same values on the
// native and WebAssembly builds; efficiency; exactness when the budget covers every coalition;
// clear errors for bad settings. WHYREC_CLI and WHYREC_CORE point the test at other builds
// (default build/native, build/wasm).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { explain, close, configure } from '../../web/whyrec.mjs';

after(close);

const root = fileURLToPath(new URL('../../', import.meta.url));
const whyrec = process.env.WHYREC_CLI ?? join(root, 'build/native/whyrec');
if (process.env.WHYREC_CORE) configure({ coreUrl: pathToFileURL(process.env.WHYREC_CORE) });
const demo = join(root, 'examples/demo/');
const common = [
  '--model', demo + 'ctr_mlp.onnx', '--data', demo + 'candidates.csv',
  '--drop', 'user_id,item_id,label', '--background', demo + 'background.csv', '--output', 'prob',
];

function cli(args) {
  return new Promise((resolve) => {
    execFile(whyrec, ['explain', ...common, ...args], { maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code : 0, signal: error?.signal ?? null, stdout, stderr }),
    );
  });
}

async function cliJson(args) {
  const result = await cli(args);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

function csvRows(text) {
  const [header, ...lines] = text.trim().split('\n');
  return { header: header.split(','), rows: lines.map((l) => l.split(',').map(Number)) };
}

async function demoData() {
  const data = csvRows(await readFile(demo + 'candidates.csv', 'utf8'));
  const background = csvRows(await readFile(demo + 'background.csv', 'utf8'));
  const keep = data.header.map((_, i) => i).slice(2, -1);
  return {
    names: background.header,
    rows: data.rows.map((r) => keep.map((i) => r[i])),
    background: background.rows,
  };
}

const maxDiff = (a, b) => Math.max(...a.flat().map((v, i) => Math.abs(v - b.flat()[i])));

for (const method of ['kernel', 'permutation']) {
  test(`${method}: native and WebAssembly agree for the same seed`, async () => {
    const settings = { budget: 512, seed: 7, background_summary: 20 };
    const native = await cliJson([
      '--rows', '2:4', '--method', method, '--budget', '512', '--seed', '7',
      '--background-summary', '20',
    ]);
    const { names, rows, background } = await demoData();
    const wasm = await explain({
      model: demo + 'ctr_mlp.onnx', instances: rows.slice(2, 4), background,
      featureNames: names, method, output: 'prob', settings,
    });
    assert.equal(native.method, method);
    assert.equal(wasm.method, method);
    assert.equal(native.evaluations, wasm.evaluations);
    assert.ok(maxDiff(native.values, wasm.values) < 1e-6, 'values');
    assert.ok(maxDiff(native.std_errors, wasm.std_errors) < 1e-6, 'standard errors');
    for (const [i, row] of native.values.entries()) {
      const sum = row.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - (native.model_output[i] - native.base_value)) < 1e-9, 'efficiency');
      assert.ok(native.std_errors[i].some((e) => e > 0), 'sampled values have standard errors');
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
  assert.equal((await cliJson(['--rows', '0', '--method', 'auto', '--budget', '4096'])).method, 'exact');
  assert.equal((await cliJson(['--rows', '0', '--method', 'auto'])).method, 'kernel');
});

test('auto explains white-box models in closed form', async () => {
  const run = (model) =>
    new Promise((resolve) => {
      execFile(
        whyrec,
        ['explain', '--model', model, '--data', demo + 'candidates.csv', '--drop',
          'user_id,item_id,label', '--background', demo + 'background.csv', '--rows', '0',
          '--method', 'auto'],
        (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }),
      );
    });
  const tree = await run(join(root, 'examples/trees/ctr_xgb.json'));
  assert.equal(tree.code, 0, tree.stderr);
  assert.equal(JSON.parse(tree.stdout).method, 'tree');
  const linear = await run(demo + 'ctr_logistic.json');
  assert.equal(linear.code, 0, linear.stderr);
  assert.equal(JSON.parse(linear.stdout).method, 'linear');
  const { rows, background, names } = await demoData();
  const model = JSON.parse(await readFile(demo + 'ctr_logistic.json', 'utf8'));
  const js = await explain({ model, instance: rows[0], background, featureNames: names, method: 'auto' });
  assert.equal(js.method, 'linear');
});

test('link logit explains the probability in log-odds', async () => {
  const json = await cliJson(['--rows', '0', '--method', 'kernel', '--link', 'logit', '--seed', '1']);
  const [p] = (await cliJson(['--rows', '0', '--method', 'exact'])).model_output;
  assert.equal(json.settings.link, 'logit');
  assert.ok(Math.abs(json.model_output[0] - Math.log(p / (1 - p))) < 1e-9);
  const sum = json.values[0].reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - (json.model_output[0] - json.base_value)) < 1e-9);
});

test('bad settings get a clear message, never a crash', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'whyrec-kernel-'));
  const groups = (name, text) => writeFile(join(dir, name), text).then(() => join(dir, name));
  const cases = [
    [['--method', 'kernel', '--budget', '0'], /--budget: Value 0 not in range|budget/],
    [['--method', 'kernel', '--groups', await groups('u.json', '{"g": ["price", "nope"]}')], /unknown feature 'price'|unknown feature/],
    [
      ['--method', 'kernel', '--groups', await groups('t.json', '{"a": ["novelty"], "b": ["novelty"]}')],
      /feature 'novelty' is named by group 'a' and by group 'b'/,
    ],
    [['--method', 'kernel', '--background-summary', '101'], /k = 101 must be between 1 and the background's 100 rows/],
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
