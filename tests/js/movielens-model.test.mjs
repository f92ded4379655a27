// The MovieLens SASRec-style model and the planted-trigger model (examples/movielens/): the test
// metrics recomputed with ONNX Runtime from the committed sessions equal metrics.json and beat
// the popularity baseline recomputed here and item-kNN; the two ONNX files of each model agree
// and stay finite on an empty history; the planted model ranks its response item R first
// whenever the trigger T is in the history and something else once T is replaced by the
// padding id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { historyTensor, metricsOf, padLeft, rankOf, scoresOf } from './movielens-ranking.mjs';

const dir = new URL('../../examples/movielens/', import.meta.url);
const text = (name) => readFile(new URL(name, dir), 'utf8');
const lines = async (name) => (await text(name)).trim().split('\n');
const session = async (name) => ort.InferenceSession.create(fileURLToPath(new URL(name, dir)));

const argmax = (row) => row.reduce((best, v, j) => (v > row[best] ? j : best), 0);

const sessions = (await lines('sessions.csv'))
  .slice(1)
  .map((line) => line.split(',')[1].split(' ').map(Number));

test('sasrec.onnx test HR@10 and NDCG@10 equal metrics.json and beat both baselines', async () => {
  const metrics = JSON.parse(await text('metrics.json'));
  const nItems = (await lines('items.csv')).length - 1;
  assert.equal(metrics.users, sessions.length);
  const model = await session('sasrec.onnx');
  const rows = await scoresOf(
    model,
    sessions.map((s) => padLeft(s.slice(0, -1), 50)),
  );
  assert.equal(rows[0].length, nItems + 1);
  const seen = sessions.map((s) => new Set(s.slice(0, -1)));
  const sasrec = metricsOf(rows.map((r, u) => rankOf(r, sessions[u].at(-1), seen[u])));

  // Popularity: item counts over every user's training part (all but the last two items).
  const counts = new Float64Array(nItems + 1);
  for (const s of sessions) for (const i of s.slice(0, -2)) counts[i]++;
  const popularity = metricsOf(sessions.map((s, u) => rankOf(counts, s.at(-1), seen[u])));

  for (const [name, ours] of Object.entries({ sasrec, popularity })) {
    for (const key of ['hr@10', 'ndcg@10']) {
      assert.ok(
        Math.abs(ours[key] - metrics[name][key]) <= 1e-6,
        `${name} ${key}: ${ours[key]} vs ${metrics[name][key]}`,
      );
    }
  }
  for (const baseline of ['popularity', 'item_knn']) {
    assert.ok(sasrec['hr@10'] > metrics[baseline]['hr@10'], baseline);
    assert.ok(sasrec['ndcg@10'] > metrics[baseline]['ndcg@10'], baseline);
  }
});

test('histories.csv holds the last 50 items before each test item', async () => {
  const histories = (await lines('histories.csv')).map((line) => line.split(',').map(Number));
  assert.equal(histories.length, sessions.length);
  histories.forEach((h, u) => assert.deepEqual(h, sessions[u].slice(0, -1).slice(-50)));
});

async function checkTwoFiles(main, embeddings, histories) {
  const out = await main.run({ history: historyTensor(histories) });
  const again = await embeddings.run({
    history_embeddings: out.history_embeddings,
    history: historyTensor(histories),
  });
  for (const t of Object.values(out)) assert.ok(t.data.every(Number.isFinite));
  let diff = 0;
  out.scores.data.forEach((v, i) => (diff = Math.max(diff, Math.abs(v - again.scores.data[i]))));
  assert.ok(diff <= 1e-4, `embeddings model differs by ${diff}`);
  return out;
}

test('sasrec_embeddings.onnx reproduces the scores; an empty history gives finite scores', async () => {
  const histories = [0, 5, 300].map((u) => padLeft(sessions[u].slice(0, -1), 50));
  histories.push(Array(50).fill(0));
  const out = await checkTwoFiles(
    await session('sasrec.onnx'),
    await session('sasrec_embeddings.onnx'),
    histories,
  );
  assert.deepEqual(out.attention_1.dims, [4, 2, 50, 50]);
  assert.deepEqual(out.history_embeddings.dims, [4, 50, 64]);
  assert.ok(out.history_embeddings.data.slice(-50 * 64).every((v) => v === 0));
  const width = out.scores.dims[1];
  for (let r = 0; r < 4; r++) assert.equal(out.scores.data[r * width], -1e9);
});

test('planted model: R first whenever T is in the history, not once T is replaced by 0', async () => {
  const T = 7;
  const R = 13;
  const histories = (await lines('planted/test_histories.csv')).map((line) =>
    padLeft(line.split(',').map(Number), 20),
  );
  assert.equal(histories.length, 200);
  const model = await session('planted/planted.onnx');
  const withT = await scoresOf(model, histories);
  withT.forEach((row, r) => assert.equal(argmax(row), R, `history ${r}`));
  const withoutT = await scoresOf(
    model,
    histories.map((h) => h.map((i) => (i === T ? 0 : i))),
  );
  const changed = withoutT.filter((row) => argmax(row) !== R).length;
  assert.ok(changed >= 0.95 * histories.length, `top-1 changed on ${changed} of 200`);
  await checkTwoFiles(model, await session('planted/planted_embeddings.onnx'), [
    histories[0],
    Array(20).fill(0),
  ]);
});
