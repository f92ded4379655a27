// Cross-check the exported SASRec-style models with onnxruntime-node.
//
// Reads JSON from stdin, written by train_sasrec.py / make_planted.py from the torch model:
// {"model": path, "embeddingsModel": path, "historyLength": L, "histories": [[L ids], ...],
//  "scores": [[N+1], ...], "attention_1": [[flat], ...], "attention_2": [...],
//  "history_embeddings": [[flat], ...], "sessions": path (optional), "ranks": [...] (optional)}
// and exits non-zero when ONNX Runtime disagrees: scores by more than 1e-4, attention weights
// or embeddings by more than 1e-5; the embeddings model fed the main model's own
// history_embeddings output must give its scores (1e-4); every output must be finite (the last
// history is all padding); with "sessions", the test-item ranks of every user must equal torch's.
//
// Standalone: node examples/movielens/verify_onnx.mjs < reference.json

import * as ort from 'onnxruntime-node';
import { readFile } from 'node:fs/promises';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const ref = JSON.parse(input);
const L = ref.historyLength;

const session = await ort.InferenceSession.create(ref.model);
const embSession = await ort.InferenceSession.create(ref.embeddingsModel);
const expectNames = (got, want, what) => {
  if (got.join() !== want.join()) throw new Error(`${what}: [${got}] instead of [${want}]`);
};
expectNames(session.inputNames, ['history'], 'inputs');
expectNames(
  session.outputNames,
  ['scores', 'attention_1', 'attention_2', 'history_embeddings'],
  'outputs',
);
expectNames(embSession.inputNames, ['history_embeddings', 'history'], 'embeddings model inputs');
expectNames(embSession.outputNames, ['scores'], 'embeddings model outputs');

const historyTensor = (rows) =>
  new ort.Tensor('int64', BigInt64Array.from(rows.flat(), BigInt), [rows.length, L]);

const n = ref.histories.length;
const out = await session.run({ history: historyTensor(ref.histories) });
const maxDiff = (name, expected) => {
  const got = out[name].data;
  const flat = expected.flat();
  if (got.length !== flat.length) throw new Error(`${name}: ${got.length} values`);
  let m = 0;
  for (let i = 0; i < got.length; i++) m = Math.max(m, Math.abs(got[i] - flat[i]));
  return m;
};
const diffs = {
  scores: maxDiff('scores', ref.scores),
  attention_1: maxDiff('attention_1', ref.attention_1),
  attention_2: maxDiff('attention_2', ref.attention_2),
  history_embeddings: maxDiff('history_embeddings', ref.history_embeddings),
};
const finite = Object.values(out).every((t) => t.data.every(Number.isFinite));

const emb = await embSession.run({
  history_embeddings: out.history_embeddings,
  history: historyTensor(ref.histories),
});
let embDiff = 0;
for (let i = 0; i < emb.scores.data.length; i++) {
  embDiff = Math.max(embDiff, Math.abs(emb.scores.data[i] - out.scores.data[i]));
}

const dims = Object.entries(out)
  .map(([k, t]) => `${k} [${t.dims}]`)
  .join(', ');
console.log(`onnxruntime-node: ${dims}`);
console.log(
  `  max |diff| vs torch: ${Object.entries(diffs)
    .map(([k, v]) => `${k} ${v.toExponential(2)}`)
    .join(', ')}; embeddings model vs main model ${embDiff.toExponential(2)}; ` +
    `all outputs finite (incl. an empty history): ${finite}`,
);
let ok =
  finite &&
  diffs.scores <= 1e-4 &&
  diffs.attention_1 <= 1e-5 &&
  diffs.attention_2 <= 1e-5 &&
  diffs.history_embeddings <= 1e-5 &&
  embDiff <= 1e-4 &&
  out.scores.dims.join() === `${n},${ref.scores[0].length}`;

if (ref.sessions) {
  // Test-item rank of every user from the ONNX model, same protocol as train_sasrec.py.
  const lines = (await readFile(ref.sessions, 'utf8')).trim().split('\n').slice(1);
  const sessions = lines.map((line) => line.split(',')[1].split(' ').map(Number));
  const histories = sessions.map((s) => {
    const h = s.slice(0, -1).slice(-L);
    return [...Array(L - h.length).fill(0), ...h];
  });
  const ranks = [];
  for (let start = 0; start < sessions.length; start += 128) {
    const rows = histories.slice(start, start + 128);
    const { scores } = await session.run({ history: historyTensor(rows) });
    const width = scores.dims[1];
    rows.forEach((_, r) => {
      const s = sessions[start + r];
      const target = s.at(-1);
      const seen = new Set(s.slice(0, -1));
      const row = scores.data.subarray(r * width, (r + 1) * width);
      const t = row[target];
      let rank = 0;
      for (let j = 1; j < width; j++) {
        if (j === target || seen.has(j)) continue;
        if (row[j] > t || (row[j] === t && j < target)) rank++;
      }
      ranks.push(rank);
    });
  }
  const differ = ranks.filter((r, i) => r !== ref.ranks[i]).length;
  const hits = ranks.filter((r) => r < 10).length;
  console.log(
    `  test ranks of ${ranks.length} users: ${differ} differ from torch; ` +
      `HR@10 ${(hits / ranks.length).toFixed(4)}`,
  );
  ok = ok && differ === 0;
}
if (!ok) process.exit(1);
