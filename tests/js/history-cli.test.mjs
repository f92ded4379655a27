// `whyrec explain-history` end to end on the committed MovieLens SASRec model and the planted
// model (examples/movielens/): exact values equal an independent brute force over every
// sub-history (onnxruntime-node, the histories edited here), Shapley values add up, threads
// change no byte, Kernel SHAP finds the planted trigger, a run leaves no files behind, and bad
// input gets a clear error and no output file. WHYREC_CLI points the test at another build (see
// demo-cli.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { root, run, whyrec } from './demo-cli.mjs';

const movielens = join(root, 'examples/movielens/');
const sasrec = movielens + 'sasrec.onnx';
const histories = movielens + 'histories.csv';
const planted = movielens + 'planted/';
// make_planted.py: the trigger item T = 7 makes the model recommend R = 13.
const trigger = 7;
const response = 13;

const missing = (file) =>
  existsSync(file) ? false : `${file.slice(root.length)} is missing: run its script first`;
const noSasrec = missing(sasrec);
const noPlanted = missing(planted + 'planted.onnx');

const readHistories = async (file) =>
  (await readFile(file, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => line.split(',').map(Number));

async function explainHistory(args) {
  const result = await run(['explain-history', ...args]);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

async function scratch(t) {
  const dir = await mkdtemp(join(tmpdir(), 'whyrec-history-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

// Every sub-history of `items` scored by onnxruntime-node: removal keeps the present items in
// order and pads them on the left with 0; masking writes 0 (the mask id) where an item is absent.
// Returns v[s] for each subset s (bit i: item i present) and the full history's scores.
async function coalitionValues(session, items, target, length, masking) {
  const n = items.length;
  const count = 1 << n;
  const ids = new BigInt64Array(count * length);
  for (let s = 0; s < count; s++) {
    const kept = masking
      ? items.map((id, i) => ((s >> i) & 1 ? id : 0))
      : items.filter((_, i) => (s >> i) & 1);
    kept.forEach((id, k) => (ids[s * length + length - kept.length + k] = BigInt(id)));
  }
  const { scores } = await session.run({ history: new ort.Tensor('int64', ids, [count, length]) }, [
    'scores',
  ]);
  const width = scores.dims[1];
  const v = Float64Array.from({ length: count }, (_, s) => scores.data[s * width + target]);
  const full = scores.data.slice((count - 1) * width, count * width);
  return { v, full };
}

// Shapley values by the subset formula.
function shapley(v, n) {
  const factorial = (k) => (k <= 1 ? 1 : k * factorial(k - 1));
  const phi = new Array(n).fill(0);
  for (let s = 0; s < 1 << n; s++) {
    let size = 0;
    for (let i = 0; i < n; i++) size += (s >> i) & 1;
    const weight = (factorial(size) * factorial(n - size - 1)) / factorial(n);
    for (let i = 0; i < n; i++) if (!((s >> i) & 1)) phi[i] += weight * (v[s | (1 << i)] - v[s]);
  }
  return phi;
}

const near = (ours, theirs, tolerance, what) =>
  assert.ok(
    Math.abs(ours - theirs) <= tolerance * Math.max(1, Math.abs(theirs)),
    `${what}: ${ours} vs ${theirs}`,
  );

const sum = (values) => values.reduce((a, b) => a + b, 0);

test('exact values equal a brute force over every sub-history', { skip: noSasrec }, async () => {
  const all = await readHistories(histories);
  const row = all.findIndex((h) => h.length <= 10);
  assert.ok(row >= 0, 'histories.csv has a history of at most 10 items');
  const items = all[row];
  const session = await ort.InferenceSession.create(sasrec);
  for (const absence of ['removal', 'masking']) {
    const json = await explainHistory([
      ...['--model', sasrec, '--histories', histories, '--rows', String(row)],
      ...['--method', 'exact', '--absence', absence],
    ]);
    assert.equal(json.method, 'exact');
    assert.equal(json.settings.absence, absence);
    assert.deepEqual(json.history, [items]);
    const target = json.target[0];
    const { v, full } = await coalitionValues(session, items, target, 50, absence === 'masking');
    // top1: the best-scoring item neither in the history nor the padding id 0.
    let best = -1;
    full.forEach((score, id) => {
      if (id !== 0 && !items.includes(id) && (best < 0 || score > full[best])) best = id;
    });
    assert.equal(target, best);
    near(json.model_output[0], v[v.length - 1], 1e-6, `${absence}: output`);
    near(json.base_value[0], v[0], 1e-6, `${absence}: base value`);
    const phi = shapley(v, items.length);
    json.values[0].forEach((value, i) => near(value, phi[i], 1e-5, `${absence}: item ${i}`));
  }
});

test(
  'Kernel SHAP adds up on every history and threads change no byte',
  { skip: noSasrec },
  async (t) => {
    const dir = await scratch(t);
    const args = (threads) => [
      'explain-history',
      ...['--model', sasrec, '--histories', histories, '--items', movielens + 'items.csv'],
      ...['--rows', '0:10', '--method', 'kernel', '--budget', '400', '--seed', '1'],
      ...['--threads', String(threads), '--out', join(dir, `${threads}.json`)],
    ];
    for (const threads of [1, 2]) {
      const result = await run(args(threads));
      assert.equal(result.code, 0, result.stderr);
    }
    const one = await readFile(join(dir, '1.json'));
    assert.ok(one.equals(await readFile(join(dir, '2.json'))), '--threads 1 and 2 differ');
    const json = JSON.parse(one);
    assert.equal(json.method, 'kernel');
    assert.equal(json.seed, 1);
    assert.deepEqual(json.settings.rows, [0, 10]);
    assert.equal(json.values.length, 10);
    json.values.forEach((values, r) => {
      assert.equal(values.length, json.history[r].length);
      near(sum(values), json.model_output[r] - json.base_value[r], 1e-9, `row ${r}`);
    });
    // Players are named by the titles of --items (quoted where they hold commas).
    const titles = new Map();
    for (const line of (await readFile(movielens + 'items.csv', 'utf8')).split('\n').slice(1)) {
      const [, id, title] = line.match(/^(\d+),\d+,("(?:[^"]|"")*"|[^,]*),/) ?? [];
      if (id) titles.set(Number(id), title.replace(/^"|"$/g, '').replaceAll('""', '"'));
    }
    json.history.forEach((items, r) =>
      items.forEach((id, i) => assert.ok(json.feature_names[r][i].startsWith(titles.get(id)))),
    );
  },
);

test('Kernel SHAP puts the planted trigger first', { skip: noPlanted }, async () => {
  // R explicitly: top1 skips items already in the history, and R is in some of them.
  const json = await explainHistory([
    ...['--model', planted + 'planted.onnx', '--histories', planted + 'test_histories.csv'],
    ...['--target', String(response), '--method', 'kernel', '--budget', '400', '--seed', '1'],
  ]);
  let found = 0;
  json.values.forEach((values, r) => {
    const top = values.indexOf(Math.max(...values));
    found += json.history[r][top] === trigger;
  });
  assert.equal(json.values.length, 200);
  assert.ok(found >= 0.95 * json.values.length, `trigger first on ${found}/${json.values.length}`);
});

test('Integrated Gradients, attention and faithfulness', { skip: noSasrec }, async () => {
  const base = ['--model', sasrec, '--histories', histories, '--rows', '0:2'];
  const gradients = await explainHistory([
    ...base,
    ...['--method', 'integrated_gradients', '--embeddings-model'],
    ...[movielens + 'sasrec_embeddings.onnx', '--faithfulness'],
  ]);
  gradients.values.forEach((values, r) => {
    const gap = gradients.model_output[r] - gradients.base_value[r];
    assert.ok(gradients.completeness_error[r] <= 0.05 * Math.max(1, Math.abs(gap)));
    const curves = gradients.faithfulness[r];
    assert.equal(curves.deletion.length, values.length + 1);
    near(curves.deletion[0], gradients.model_output[r], 1e-5, 'deletion starts at the output');
  });
  const attention = await explainHistory([...base, '--method', 'attention']);
  attention.values.forEach((values, r) => {
    near(sum(values), 1, 1e-6, 'the rollout is a distribution over the history');
    assert.equal(attention.base_value[r], null, 'attention has no base value');
    assert.deepEqual(attention.attention[r].rollout, values);
    assert.equal(attention.attention[r].raw.length, 2, 'two layers');
  });
});

test('a run writes nothing but its output', { skip: noPlanted }, async (t) => {
  const dir = await scratch(t);
  const [home, temp, cwd] = ['home', 'tmp', 'cwd'].map((name) => join(dir, name));
  await Promise.all([home, temp, cwd].map((d) => mkdir(d)));
  const code = await new Promise((resolve) =>
    execFile(
      whyrec,
      [
        ...['explain-history', '--model', planted + 'planted.onnx'],
        ...['--histories', planted + 'test_histories.csv', '--rows', '0:2', '--out', 'out.json'],
      ],
      { cwd, env: { ...process.env, HOME: home, TMPDIR: temp } },
      (error) => resolve(error ? error.code : 0),
    ),
  );
  assert.equal(code, 0);
  assert.deepEqual(await readdir(cwd), ['out.json']);
  assert.deepEqual(await readdir(home), [], 'ONNX Runtime telemetry');
  assert.deepEqual(await readdir(temp), [], 'ONNX Runtime debug log');
});

test(
  'bad input gets a clear message, a non-zero exit and no output',
  { skip: noPlanted },
  async (t) => {
    const dir = await scratch(t);
    const files = {
      'unknown.csv': '1,2,3\n4,41,5\n',
      'blank.csv': '1,2,3\n\n4,5\n',
      'long.csv': '1,2\n' + Array.from({ length: 21 }, (_, i) => i + 1).join(',') + '\n',
      'text.csv': '1,2\n3,4\n5,x12\n',
      'padding.csv': '1,0,2\n',
      'ok.csv': '1,2,3\n',
    };
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
    const model = ['--model', planted + 'planted.onnx'];
    const on = (name, ...extra) => [...model, '--histories', join(dir, name), ...extra];
    const cases = [
      [on('unknown.csv'), /unknown\.csv: line 2: history item 1 \(id 41\) is unknown: .*0\.\.40/],
      [on('blank.csv'), /blank\.csv: line 2 is empty/],
      [
        on('long.csv'),
        /long\.csv: line 2: the history has 21 items but the model reads at most 20/,
      ],
      [on('text.csv'), /text\.csv: line 3, history item 1: 'x12' is not an integer item id/],
      [on('padding.csv'), /padding\.csv: line 1: history item 1 \(id 0\) is the padding id/],
      [
        on('ok.csv', '--method', 'integrated_gradients'),
        /--method integrated_gradients needs --embeddings-model/,
      ],
      [on('ok.csv', '--target', '41'), /--target 41 is unknown/],
      [on('ok.csv', '--rows', '1:2'), /--rows '1:2' selects no rows/],
      [on('ok.csv', '--method', 'lime'), /--method: lime not in/],
      [on('ok.csv', '--history-length', '30'), /--history-length 30 disagrees/],
    ];
    for (const [args, message] of cases) {
      const out = join(dir, 'out.json');
      const { code, signal, stderr } = await run(['explain-history', ...args, '--out', out]);
      assert.equal(signal, null, `crashed on ${args.join(' ')}`);
      assert.notEqual(code, 0, `exit 0 on ${args.join(' ')}`);
      assert.match(stderr, message, args.join(' '));
      assert.ok(!existsSync(out), `wrote ${out} on ${args.join(' ')}`);
    }
  },
);

test('--help documents every flag', async () => {
  const { code, stdout } = await run(['explain-history', '--help']);
  assert.equal(code, 0);
  for (const flag of [
    ...['--model', '--histories', '--items', '--group-by', '--rows', '--target', '--output'],
    ...['--method', '--scores', '--embeddings-model', '--steps', '--history-length', '--pad-id'],
    ...['--pad-side', '--mask-id', '--absence', '--budget', '--seed', '--tolerance', '--sampling'],
    ...['--surrogate', '--max-batch-rows', '--faithfulness', '--threads', '--out'],
  ]) {
    assert.ok(stdout.includes(flag), flag);
  }
});

// The CLI (ONNX Runtime's native library) and the JS API (the WebAssembly core, onnxruntime-web)
// ask for the same edited histories with the same seed: the values differ only by what the two
// runtimes' float scores differ by.
test('native and WebAssembly agree by seed', { skip: noSasrec }, async (t) => {
  const { close, explainHistory: explainInJs } = await import('../../web/whyrec.mjs');
  t.after(close);
  for (const [method, extra] of [
    ['kernel', ['--budget', '300']],
    ['permutation', ['--budget', '300']],
    ['occlusion', []],
    ['attention', []],
  ]) {
    const cli = await explainHistory([
      ...['--model', sasrec, '--histories', histories, '--rows', '7:8', '--method', method],
      ...['--seed', '5', ...extra],
    ]);
    const items = (await readHistories(histories))[7];
    const js = await explainInJs({
      model: sasrec,
      history: items,
      method,
      settings: { seed: 5, ...(extra.length ? { budget: Number(extra[1]) } : {}) },
    });
    assert.equal(js.target[0], cli.target[0], method);
    assert.equal(js.evaluations, cli.evaluations, method);
    js.values[0].forEach((v, i) =>
      assert.ok(
        Math.abs(v - cli.values[0][i]) < 2e-3,
        `${method} item ${i}: ${v} vs ${cli.values[0][i]}`,
      ),
    );
    assert.ok(Math.abs(js.base_value[0] - cli.base_value[0]) < 1e-4, method);
  }
});
