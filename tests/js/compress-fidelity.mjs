// Quality and fidelity of a compressed model against the original, shared by
// bench/compress.mjs and tests/js/compress.test.mjs: AUC, top-k overlap per candidate list,
// HR@10 / NDCG@10 on the held-out MovieLens items, and the Spearman correlation of two rows of
// Shapley values.
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { metricsOf, padLeft, rankOf, scoresOf } from './movielens-ranking.mjs';

/** The demo candidates: features row-major, labels, and the row indices of each user's list. */
export async function demoListsOf(csvPath) {
  const [header, ...lines] = (await readFile(csvPath, 'utf8')).trim().split('\n');
  const names = header.split(',');
  const user = names.indexOf('user_id');
  const label = names.indexOf('label');
  const ids = [user, label, names.indexOf('item_id')];
  const features = names.map((_, i) => i).filter((i) => !ids.includes(i));
  const flat = [];
  const labels = [];
  const byUser = new Map();
  lines.forEach((line, r) => {
    const cells = line.split(',');
    for (const i of features) flat.push(Number(cells[i]));
    labels.push(Number(cells[label]));
    if (!byUser.has(cells[user])) byUser.set(cells[user], []);
    byUser.get(cells[user]).push(r);
  });
  return { flat, labels, rows: lines.length, width: features.length, lists: [...byUser.values()] };
}

/** The first output (the logit) of a demo model for every candidate. */
export async function scoreDemo(path, demo) {
  const session = await ort.InferenceSession.create(path, { intraOpNumThreads: 1 });
  const input = new ort.Tensor('float32', Float32Array.from(demo.flat), [demo.rows, demo.width]);
  const out = await session.run({ [session.inputNames[0]]: input });
  return Array.from(out[session.outputNames[0]].data);
}

/** Area under the ROC curve (ties count one half), by ranks. */
export function aucOf(scores, labels) {
  const order = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && scores[order[j]] === scores[order[i]]) j++;
    const midRank = (i + j + 1) / 2; // 1-based mean rank of the tie group
    for (let t = i; t < j; t++) {
      if (labels[order[t]] === 1) {
        rankSum += midRank;
        positives++;
      }
    }
    i = j;
  }
  const negatives = labels.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** The k highest-scored of `indices` (ties: the lower index first). */
export function topK(scores, indices, k) {
  return [...indices].sort((a, b) => scores[b] - scores[a] || a - b).slice(0, k);
}

/** Mean over lists of |top-k(reference) ∩ top-k(other)| / min(k, list length). */
export function topKOverlap(reference, other, lists, k) {
  let sum = 0;
  for (const list of lists) {
    const top = new Set(topK(reference, list, k));
    sum += topK(other, list, k).filter((i) => top.has(i)).length / Math.min(k, list.length);
  }
  return sum / lists.length;
}

/** Ranks 1..n with ties given their mean rank. */
function ranksOf(values) {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && values[order[j]] === values[order[i]]) j++;
    for (let t = i; t < j; t++) ranks[order[t]] = (i + j + 1) / 2;
    i = j;
  }
  return ranks;
}

/** Spearman's rho: Pearson's correlation of the ranks (NaN when either row is constant). */
export function spearman(a, b) {
  const ra = ranksOf(a);
  const rb = ranksOf(b);
  const mean = (ra.length + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < ra.length; i++) {
    sab += (ra[i] - mean) * (rb[i] - mean);
    saa += (ra[i] - mean) ** 2;
    sbb += (rb[i] - mean) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Mean Spearman correlation over rows of two matrices of Shapley values. */
export function meanSpearman(reference, other) {
  return reference.reduce((sum, row, r) => sum + spearman(row, other[r]), 0) / reference.length;
}

/** MovieLens users: padded histories (row-major), held-out items, and what each has seen. */
export async function historyRanks(dir) {
  const sessions = (await readFile(dir + 'sessions.csv', 'utf8'))
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',')[1].split(' ').map(Number));
  const histories = sessions.map((s) => padLeft(s.slice(0, -1), 50));
  const seen = sessions.map((s) => new Set(s.slice(0, -1)));
  const unseen = (scores, u) => scores.map((_, j) => j).filter((j) => j > 0 && !seen[u].has(j));
  return {
    histories,
    flat: histories.flat(),
    rows: histories.length,
    targets: sessions.map((s) => s.at(-1)),
    seen,
    /** The highest-scored item the user has not seen. */
    top1: (scores, u) => topK(scores, unseen(scores, u), 1)[0],
    /** Mean over users of the top-10 overlap among unseen items. */
    meanTop10Overlap(reference, other) {
      let sum = 0;
      reference.forEach((scores, u) => {
        const candidates = unseen(scores, u);
        const top = new Set(topK(scores, candidates, 10));
        sum += topK(other[u], candidates, 10).filter((j) => top.has(j)).length / 10;
      });
      return sum / reference.length;
    },
  };
}

/** A history model's scores for every user. */
export async function scoreHistories(path, lens) {
  const session = await ort.InferenceSession.create(path, { intraOpNumThreads: 1 });
  return scoresOf(session, lens.histories);
}

/** HR@10 and NDCG@10 of the held-out items. */
export const rankingMetrics = (scores, lens) =>
  metricsOf(scores.map((s, u) => rankOf(s, lens.targets[u], lens.seen[u])));
