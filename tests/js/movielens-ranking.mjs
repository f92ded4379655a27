// The MovieLens leave-one-out protocol shared by the model test and the compression benchmark:
// histories left-padded to the model's length, the held-out item's rank among unseen items,
// HR@10 and NDCG@10, and the model's scores in batches.
import * as ort from 'onnxruntime-node';

/** The last `length` items, left-padded with the padding id 0. */
export const padLeft = (items, length) => {
  const h = items.slice(-length);
  return [...Array(length - h.length).fill(0), ...h];
};

/** 0-based rank of target among items 1..N not seen before; ties go to the lower item id. */
export function rankOf(scores, target, seen) {
  const t = scores[target];
  let rank = 0;
  for (let j = 1; j < scores.length; j++) {
    if (j === target || seen.has(j)) continue;
    if (scores[j] > t || (scores[j] === t && j < target)) rank++;
  }
  return rank;
}

export const metricsOf = (ranks) => ({
  'hr@10': ranks.filter((r) => r < 10).length / ranks.length,
  'ndcg@10': ranks.reduce((sum, r) => sum + (r < 10 ? 1 / Math.log2(r + 2) : 0), 0) / ranks.length,
});

export const historyTensor = (rows) =>
  new ort.Tensor('int64', BigInt64Array.from(rows.flat(), BigInt), [rows.length, rows[0].length]);

/** Scores [rows][N+1] of a model with input `history`, in batches. */
export async function scoresOf(model, histories) {
  const rows = [];
  for (let start = 0; start < histories.length; start += 128) {
    const batch = histories.slice(start, start + 128);
    const { scores } = await model.run({ history: historyTensor(batch) });
    const width = scores.dims[1];
    batch.forEach((_, r) => rows.push(scores.data.slice(r * width, (r + 1) * width)));
  }
  return rows;
}
