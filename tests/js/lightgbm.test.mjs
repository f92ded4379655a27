// LightGBM text models end to end: the native CLI and the WebAssembly build through the JS API
// reproduce LightGBM's own predict_contrib (tests/fixtures/lightgbm, made by LightGBM 4.6.0; see
// its README) on rows with missing values (empty CSV cells, NaN and null in JS), categorical
// codes seen and unseen, and zeros under missing type Zero; the model may be a path, its text,
// its bytes or gzip-compressed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createEngine } from '../../web/engine.mjs';
import { close, explain } from '../../web/whyrec.mjs';
import { root, run } from './demo-cli.mjs';
import { makeTempDir } from './temp-dir.mjs';

const fixtures = join(root, 'tests/fixtures/lightgbm/');
const cases = [
  'binary_missing',
  'binary_categorical',
  'binary_zero_as_missing',
  'multiclass_wine',
  'regression_diabetes',
];

async function fixture(name) {
  const dir = fixtures + name + '/';
  const expected = JSON.parse(await readFile(dir + 'expected.json', 'utf8'));
  // explain.csv writes a missing value as an empty cell.
  const [, ...lines] = (await readFile(dir + 'explain.csv', 'utf8')).trim().split('\n');
  const rows = lines.map((line) => line.split(',').map((cell) => (cell === '' ? null : +cell)));
  return { dir, expected, rows };
}

// values[row][feature] (one class) or values[row][feature][class], as whyrec writes them.
function expectContributions(out, expected, what) {
  const classes = expected.num_class;
  const width = expected.num_features;
  const tolerance = 1e-9 * Math.max(1, ...expected.raw_score.flat().map(Math.abs));
  const near = (ours, theirs, where) =>
    assert.ok(Math.abs(ours - theirs) <= tolerance, `${what} ${where}: ${ours} vs ${theirs}`);
  assert.equal(out.values.length, expected.contrib.length);
  expected.contrib.forEach((contrib, r) => {
    for (let k = 0; k < classes; k++) {
      for (let j = 0; j < width; j++) {
        const ours = classes === 1 ? out.values[r][j] : out.values[r][j][k];
        near(ours, contrib[k * (width + 1) + j], `row ${r} class ${k} feature ${j}`);
      }
      const base = classes === 1 ? out.base_value : out.base_value[k];
      near(base, contrib[k * (width + 1) + width], `row ${r} class ${k} bias`);
    }
  });
}

test('the CLI reproduces predict_contrib, empty cells read as missing values', async () => {
  for (const name of cases) {
    const { dir, expected } = await fixture(name);
    const args = ['explain', '--model', dir + 'model.txt', '--data', dir + 'explain.csv'];
    const result = await run([...args, '--method', 'tree']);
    assert.equal(result.code, 0, result.stderr);
    expectContributions(JSON.parse(result.stdout), expected, `${name} CLI`);
  }
});

test('the JS API reproduces predict_contrib with null and NaN for missing values', async (t) => {
  t.after(close);
  for (const name of cases) {
    const { dir, expected, rows } = await fixture(name);
    const model = dir + 'model.txt';
    const out = await explain({ model, instances: rows, background: rows, method: 'tree' });
    expectContributions(out, expected, `${name} JS null`);
    const nan = rows.map((row) => row.map((v) => (v === null ? NaN : v)));
    const fromText = await explain({
      model: await readFile(model, 'utf8'),
      instances: nan,
      background: nan,
      method: 'auto',
    });
    expectContributions(fromText, expected, `${name} JS NaN, model text`);
  }
});

test('gzip-compressed LightGBM models read in the CLI and the JS API', async (t) => {
  t.after(close);
  const { dir, expected, rows } = await fixture('multiclass_wine');
  const tmp = await makeTempDir('whyrec-lightgbm-', t);
  const gz = join(tmp, 'model.txt.gz');
  const bytes = gzipSync(await readFile(dir + 'model.txt'));
  await writeFile(gz, bytes);
  const cli = await run([
    'explain',
    '--model',
    gz,
    '--data',
    dir + 'explain.csv',
    '--method',
    'tree',
  ]);
  assert.equal(cli.code, 0, cli.stderr);
  expectContributions(JSON.parse(cli.stdout), expected, 'CLI .txt.gz');
  for (const model of [gz, bytes]) {
    const out = await explain({ model, instances: rows, background: rows.slice(0, 5) });
    expectContributions(out, expected, `JS ${typeof model === 'string' ? 'path' : 'bytes'}`);
  }
});

test('a malformed LightGBM model gets an error naming the line and the field', async (t) => {
  t.after(close);
  const { dir, rows } = await fixture('multiclass_wine');
  const text = await readFile(dir + 'model.txt', 'utf8');
  const tmp = await makeTempDir('whyrec-lightgbm-', t);
  const truncated = join(tmp, 'model.txt');
  await writeFile(truncated, text.slice(0, text.length / 3));
  const cli = await run([
    'explain',
    '--model',
    truncated,
    '--data',
    dir + 'explain.csv',
    '--method',
    'tree',
  ]);
  assert.notEqual(cli.code, 0);
  assert.match(cli.stderr, /model\.txt: no 'end of trees' line after \d+ trees; the file is/);
  const badCounts = text.replace(/^leaf_value=(\S+) /m, 'leaf_value=');
  await assert.rejects(
    explain({ model: badCounts, instances: rows.slice(0, 1), background: rows.slice(0, 1) }),
    /the LightGBM model, line \d+ \(Tree=0\): leaf_value: has \d+ values, expected \d+/,
  );
  await assert.rejects(
    explain({ model: text, instances: rows.slice(0, 1), background: rows, method: 'kernel' }),
    /a LightGBM model is explained with method "tree", not "kernel"/,
  );
});

test("the widget's white-box core has no LightGBM reader: the engine takes the full core", async () => {
  const wasm = new URL('../../build/wasm/', import.meta.url);
  const { dir, expected, rows } = await fixture('binary_categorical');
  const whiteBoxCoreUrl = new URL('whyrec_white_box.mjs', wasm);
  const { loadCore } = await import('../../web/core.mjs');
  assert.equal((await loadCore(whiteBoxCoreUrl)).fullTreeCore, false);
  const widget = createEngine({ coreUrl: new URL('whyrec_shapley.mjs', wasm), whiteBoxCoreUrl });
  try {
    const out = await widget.explain({
      model: dir + 'model.txt',
      instances: rows,
      background: rows,
    });
    expectContributions(out, expected, 'widget engine');
  } finally {
    await widget.close();
  }
});
