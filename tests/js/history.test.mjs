// History explanations through the JS API (WebAssembly core + onnxruntime-web), checked against
// values computed here from the definitions with an onnxruntime-node session of our own: exact
// Shapley values by brute force over every sub-history, occlusion, faithfulness, top-k.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import ort from 'onnxruntime-node';
import { close, explainHistory, recommend } from '../../web/whyrec.mjs';

const movielens = new URL('../../examples/movielens/', import.meta.url);
const model = new URL('sasrec.onnx', movielens).pathname;
const embeddingsModel = new URL('sasrec_embeddings.onnx', movielens).pathname;
const length = 50;

let session;
let histories;

before(async () => {
  session = await ort.InferenceSession.create(model);
  const text = await readFile(new URL('histories.csv', movielens), 'utf8');
  histories = text
    .trim()
    .split('\n')
    .map((line) => line.split(',').map(Number));
});

after(async () => {
  await session.release();
  await close();
});

// Scores of histories written as the model reads them: left-padded with 0 to L.
async function scores(lists) {
  const ids = new BigInt64Array(lists.length * length);
  lists.forEach((items, r) => {
    items.forEach((id, i) => (ids[r * length + length - items.length + i] = BigInt(id)));
  });
  const out = await session.run({ history: new ort.Tensor('int64', ids, [lists.length, length]) });
  const perRow = out.scores.data.length / lists.length;
  return lists.map((_, r) => out.scores.data.subarray(r * perRow, (r + 1) * perRow));
}

// Removal keeps the present items in order; masking writes the mask id (0) in place of absent
// ones, so every item keeps its position.
function edited(items, mask, masking) {
  const kept = [];
  items.forEach((id, i) => {
    if ((mask >> i) & 1) kept.push(id);
    else if (masking) kept.push(0);
  });
  return kept;
}

// phi_i = sum over S without i of |S|! (p - |S| - 1)! / p! (v(S + i) - v(S)).
async function bruteForce(items, target, masking) {
  const p = items.length;
  const lists = Array.from({ length: 1 << p }, (_, s) => edited(items, s, masking));
  const v = (await scores(lists)).map((row) => row[target]);
  const factorial = [1];
  for (let i = 1; i <= p; i++) factorial[i] = factorial[i - 1] * i;
  const phi = new Array(p).fill(0);
  for (let s = 0; s < 1 << p; s++) {
    let size = 0;
    for (let i = 0; i < p; i++) size += (s >> i) & 1;
    for (let i = 0; i < p; i++) {
      if ((s >> i) & 1) continue;
      phi[i] +=
        ((factorial[size] * factorial[p - size - 1]) / factorial[p]) * (v[s | (1 << i)] - v[s]);
    }
  }
  return { phi, full: v[(1 << p) - 1], empty: v[0] };
}

function assertClose(actual, expected, tolerance, what) {
  assert.equal(actual.length, expected.length, what);
  actual.forEach((a, i) =>
    assert.ok(Math.abs(a - expected[i]) <= tolerance, `${what}[${i}]: ${a} vs ${expected[i]}`),
  );
}

describe('explainHistory', () => {
  test('exact values equal a brute force over every sub-history (removal and masking)', async () => {
    for (const [user, absence] of [
      [0, 'removal'],
      [5, 'masking'],
    ]) {
      const items = histories[user].slice(-8);
      const e = await explainHistory({ model, history: items, method: 'exact', absence });
      const [target] = e.target;
      const { phi, full, empty } = await bruteForce(items, target, absence === 'masking');
      assertClose(e.values[0], phi, 1e-4, `${absence} values`);
      assert.ok(Math.abs(e.model_output[0] - full) < 1e-4);
      assert.ok(Math.abs(e.base_value[0] - empty) < 1e-4);
      assert.equal(e.evaluations, 256);
      assert.deepEqual(e.history[0], items);
    }
  });

  test('the default target is the top item outside the history', async () => {
    const items = histories[3];
    const [row] = await scores([items]);
    const [top] = await recommend({ model, histories: [items], k: 10 });
    const expected = [...row.keys()]
      .filter((j) => j !== 0 && !items.includes(j))
      .sort((a, b) => row[b] - row[a] || a - b)
      .slice(0, 10);
    assert.deepEqual(top.items, expected);
    const e = await explainHistory({ model, history: items, method: 'occlusion' });
    assert.equal(e.target[0], expected[0]);
  });

  test('kernel SHAP over a whole history is efficient; occlusion is leave one out', async () => {
    const items = histories[1];
    const kernel = await explainHistory({
      model,
      history: items,
      method: 'kernel',
      settings: { budget: 400, seed: 3 },
    });
    const sum = kernel.values[0].reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - (kernel.model_output[0] - kernel.base_value[0])) < 1e-3);
    assert.ok(kernel.evaluations <= 402, `${kernel.evaluations} model calls`);
    assert.ok(kernel.std_errors[0].every((s) => s >= 0));

    const [target] = kernel.target;
    const occlusion = await explainHistory({ model, history: items, target, method: 'occlusion' });
    const lists = items.map((_, i) => items.filter((__, j) => j !== i));
    const [full] = await scores([items]);
    const without = await scores(lists);
    assertClose(
      occlusion.values[0],
      without.map((row) => full[target] - row[target]),
      1e-4,
      'occlusion',
    );
  });

  test('faithfulness: comprehensiveness and sufficiency are read off the edited histories', async () => {
    const items = histories[2].slice(-12);
    const e = await explainHistory({
      model,
      history: items,
      method: 'occlusion',
      faithfulness: true,
    });
    const [f] = e.faithfulness;
    const [target] = e.target;
    const top3 = new Set(f.order.slice(0, 3));
    const [full, removed, only] = await scores([
      items,
      items.filter((_, i) => !top3.has(i)),
      items.filter((_, i) => top3.has(i)),
    ]);
    assert.ok(Math.abs(f.comprehensiveness['3'] - (full[target] - removed[target])) < 1e-4);
    assert.ok(Math.abs(f.sufficiency['3'] - (full[target] - only[target])) < 1e-4);
    assert.equal(f.deletion.length, items.length + 1);
    assert.ok(
      f.deletion_area >= Math.min(...f.deletion) && f.deletion_area <= Math.max(...f.deletion),
    );
  });

  test('integrated gradients add up to the score difference within their reported error', async () => {
    const items = histories[4];
    const e = await explainHistory({
      model,
      embeddingsModel,
      history: items,
      method: 'integrated_gradients',
      settings: { steps: 20 },
    });
    const sum = e.values[0].reduce((a, b) => a + b, 0);
    const gap = Math.abs(sum - (e.model_output[0] - e.base_value[0]));
    assert.ok(
      Math.abs(gap - e.completeness_error[0]) < 1e-3,
      `${gap} vs ${e.completeness_error[0]}`,
    );
    assert.ok(
      e.completeness_error[0] < 0.05 * Math.abs(e.model_output[0] - e.base_value[0]) + 0.05,
    );
    assert.equal(e.evaluations, 2 + 20 * items.length * 2);
  });

  test('attention maps: the rollout is a distribution over the history', async () => {
    const items = histories[6].slice(-10);
    const e = await explainHistory({ model, history: items, method: 'attention' });
    const [maps] = e.attention;
    assert.equal(maps.rollout.length, 10);
    assert.ok(Math.abs(maps.rollout.reduce((a, b) => a + b, 0) - 1) < 1e-6);
    assert.equal(maps.raw.length, 2);
    assert.equal(maps.raw[0][0].length, 10);
    assert.ok(maps.flow.every((x) => x >= 0 && x <= 1 + 1e-9));
    assert.deepEqual(e.values[0], maps.rollout);
    assert.equal(e.base_value[0], null);

    // The explained output is the one asked for: here the target's log-probability.
    const logProb = await explainHistory({
      model,
      history: items,
      method: 'attention',
      output: 'log_prob',
    });
    const [row] = await scores([items]);
    const top = Math.max(...row);
    const logSum = top + Math.log(row.reduce((sum, s) => sum + Math.exp(s - top), 0));
    const [target] = logProb.target;
    assert.ok(Math.abs(logProb.model_output[0] - (row[target] - logSum)) < 1e-4);
  });

  test('bad histories are refused with a named reason', async () => {
    const cases = [
      [[], /the history is empty/],
      [[1, 2.5], /history` item 1 must be a non-negative integer item id, got 2.5/],
      [[1, -3], /item 1 must be a non-negative integer/],
      [[1, 99999999], /history item 1 \(id 99999999\) is unknown/],
      [Array.from({ length: 51 }, (_, i) => i + 1), /51 items but the model reads at most 50/],
      ['1,2', /must be an array of item ids/],
    ];
    for (const [history, message] of cases) {
      await assert.rejects(explainHistory({ model, history, method: 'occlusion' }), message);
    }
    await assert.rejects(
      explainHistory({ model, history: [1, 2], method: 'integrated_gradients' }),
      /need `embeddingsModel`/,
    );
    await assert.rejects(
      explainHistory({ model, history: [1, 2], method: 'lime' }),
      /unknown history method "lime"/,
    );
  });
});
