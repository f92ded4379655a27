// Counterfactual histories (method 'counterfactual') on the committed MovieLens SASRec model:
// every answer is re-verified by recommend() on the edited history, small histories are checked
// against a brute force over every smaller edit, the native CLI gives the WebAssembly build's
// answer, and infeasible requests get clear errors.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { close, explainHistory, recommend } from '../../web/whyrec.mjs';
import { root, run } from './demo-cli.mjs';

const movielens = join(root, 'examples/movielens/');
const sasrec = movielens + 'sasrec.onnx';
const historiesCsv = movielens + 'histories.csv';
const skip = existsSync(sasrec) ? false : 'examples/movielens/sasrec.onnx is missing';
const histories = skip
  ? []
  : readFileSync(historiesCsv, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(',').map(Number));

after(close);

const counterfactual = (request) =>
  explainHistory({ model: sasrec, method: 'counterfactual', ...request });

// The target's place in the top k of `history`, by recommend() (items of the history left out).
async function topOf(history, k) {
  const [top] = await recommend({ model: sasrec, histories: [history], k });
  return top.items;
}

const subsets = (n, size, start = 0) =>
  size === 0
    ? [[]]
    : Array.from({ length: n - start }, (_, i) => start + i).flatMap((first) =>
        subsets(n, size - 1, first + 1).map((rest) => [first, ...rest]),
      );

test(
  'removal: every answer re-verified by recommend() on the edited history',
  { skip },
  async () => {
    for (const [row, k] of [
      [0, 1],
      [1, 1],
      [2, 3],
      [3, 10],
    ]) {
      const history = histories[row];
      const e = await counterfactual({ history, k });
      assert.equal(e.method, 'counterfactual');
      assert.equal(e.found[0], true, `row ${row}`);
      const removed = new Set(e.edited_positions[0]);
      const edited = history.filter((_, i) => !removed.has(i));
      assert.deepEqual(e.counterfactual_history[0], edited);
      assert.deepEqual(
        e.edited_items[0],
        [...removed].map((i) => history[i]),
      );
      const target = e.target[0];
      assert.ok((await topOf(history, k)).includes(target));
      const top = await topOf(edited, k);
      assert.ok(!top.includes(target), `row ${row}: ${target} still in ${top}`);
      assert.deepEqual(e.top_k_after[0], top);
      assert.ok(e.rank_after[0] > k && e.rank_before[0] <= k);
      assert.equal(
        e.values[0].reduce((a, b) => a + b, 0),
        removed.size,
      );
      assert.equal(e.evaluations, e.model_calls[0]);
    }
  },
);

test('removal on a short history is the brute-force minimum', { skip }, async () => {
  const history = histories[5].slice(-10);
  const e = await counterfactual({ history, k: 1 });
  const size = e.edited_positions[0].length;
  const target = e.target[0];
  for (let smaller = 1; smaller < size; smaller++) {
    const edits = subsets(history.length, smaller).map((s) =>
      history.filter((_, i) => !s.includes(i)),
    );
    const tops = await recommend({ model: sasrec, histories: edits, k: 1 });
    assert.ok(
      tops.every((t) => t.items[0] === target),
      `a removal of ${smaller} works`,
    );
  }
  if (e.minimal[0] === 'proved') assert.ok(size >= 1);
});

test('addition brings the chosen item into the top k, verified', { skip }, async () => {
  const history = histories[0];
  const ranked = await topOf(history, 30);
  const target = ranked[5];
  const seen = new Set([...history, ...ranked]);
  const candidates = [];
  for (let id = 1; candidates.length < 30; id++) if (!seen.has(id)) candidates.push(id);
  const e = await counterfactual({ history, target, k: 3, counterfactual: 'add', candidates });
  assert.deepEqual(e.candidates[0], candidates);
  if (!e.found[0]) return assert.equal(e.rank_after[0], null);
  const edited = [...history, ...e.edited_items[0]];
  assert.deepEqual(e.counterfactual_history[0], edited);
  assert.ok((await topOf(edited, 3)).includes(target));
});

test('the native CLI finds what the WebAssembly build finds', { skip }, async () => {
  const result = await run([
    'explain-history',
    '--model',
    sasrec,
    '--histories',
    historiesCsv,
    '--rows',
    '0:3',
    '--method',
    'counterfactual',
    '--k',
    '2',
    '--threads',
    '1',
  ]);
  assert.equal(result.code, 0, result.stderr);
  const native = JSON.parse(result.stdout);
  assert.equal(native.settings.k, 2);
  for (let row = 0; row < 3; row++) {
    const wasm = await counterfactual({ history: histories[row], k: 2 });
    for (const field of [
      'target',
      'found',
      'edited_positions',
      'edited_items',
      'rank_before',
      'rank_after',
      'top_k_after',
      'minimal',
      'model_calls',
      'rounds',
    ]) {
      assert.deepEqual(native[field][row], wasm[field][0], `row ${row}: ${field}`);
    }
  }
});

test('infeasible requests get clear errors', { skip }, async () => {
  const history = histories[0];
  await assert.rejects(counterfactual({ history: [] }), /the history is empty/);
  await assert.rejects(
    counterfactual({ history, k: 5000 }),
    /k = 5000 but the model can show only 1981 items/,
  );
  await assert.rejects(
    counterfactual({ history, counterfactual: 'add', candidates: [1] }),
    /needs `target`/,
  );
  await assert.rejects(
    counterfactual({ history, faithfulness: true }),
    /faithfulness does not apply/,
  );
  const cli = await run([
    'explain-history',
    '--model',
    sasrec,
    '--histories',
    historiesCsv,
    '--method',
    'counterfactual',
    '--counterfactual',
    'add',
    '--target',
    '5',
  ]);
  assert.notEqual(cli.code, 0);
  assert.match(cli.stderr, /--counterfactual add needs --candidates/);
});
