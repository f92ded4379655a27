// A distilled item-to-item history model (`whyrec distill-history`'s JSON) in plain JavaScript,
// for the widget's page: its scores, top picks and explanations (its own terms) computed as the
// core computes them (core/distill/item_to_item_model.cpp,
// core/explain/sequence/item_to_item_terms.cpp), the same doubles added in the same order, so
// that they are the core's to the bit (tested against the WebAssembly core). A page that explains
// such a model needs no worker and no WebAssembly core.
//
// readItemToItem accepts exactly what the JS API accepts (the same shape checks, then the core's
// value checks): for any other document it returns null, and the caller hands the model to the
// JS API, which names the problem.
import { itemToItemArrays } from '../history/item-to-item-arrays.mjs';

function allFinite(values) {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

// The first index in [from, to) of `sorted` whose value is not below `value`.
function lowerBound(sorted, from, to, value) {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The model `spec` (a parsed document) describes; null when the JS API would refuse it. */
export function readItemToItem(spec) {
  let arrays;
  try {
    arrays = itemToItemArrays(spec);
  } catch {
    return null;
  }
  const { decay, defaultBias, rank, sourceFactors, targets } = arrays;
  // The core's builder (ItemToItemBuilder): a decay in [0, 1], every number finite.
  if (!Number.isFinite(decay) || decay < 0 || decay > 1 || !Number.isFinite(defaultBias)) {
    return null;
  }
  const numbers = [sourceFactors.factors, targets.biases, targets.weights, targets.factors];
  if (!numbers.every(allFinite)) return null;
  // Where each source item's factors begin; no item listed twice.
  const factorsOf = new Map();
  for (let i = 0; i < sourceFactors.items.length; i++) {
    if (factorsOf.has(sourceFactors.items[i])) return null;
    factorsOf.set(sourceFactors.items[i], i * rank);
  }
  // Per target: where its sources and its factors (-1: none) begin; sources strictly ascending.
  const count = targets.items.length;
  const sourcesFrom = new Uint32Array(count + 1);
  const factorsFrom = new Int32Array(count);
  const indexOf = new Map();
  let factor = 0;
  for (let t = 0; t < count; t++) {
    if (indexOf.has(targets.items[t])) return null;
    indexOf.set(targets.items[t], t);
    const from = sourcesFrom[t];
    const to = from + targets.counts[t];
    for (let k = from + 1; k < to; k++) {
      if (targets.sources[k] <= targets.sources[k - 1]) return null;
    }
    sourcesFrom[t + 1] = to;
    factorsFrom[t] = targets.hasFactors[t] ? factor : -1;
    if (targets.hasFactors[t]) factor += rank;
  }
  return {
    decay,
    defaultBias,
    rank,
    sourceFactors,
    targets,
    factorsOf,
    sourcesFrom,
    factorsFrom,
    indexOf,
  };
}

// b_t: the target's bias, else default_bias (ItemToItemModel::Bias).
function bias(model, target) {
  const t = model.indexOf.get(target);
  return t === undefined ? model.defaultBias : model.targets.biases[t];
}

// w(source -> target) (ItemToItemModel::Weight): u . v in order, then the sparse weight.
function weight(model, source, t) {
  const { targets, sourceFactors, rank } = model;
  let w = 0;
  const u = model.factorsOf.get(source);
  const v = model.factorsFrom[t];
  if (u !== undefined && v >= 0) {
    for (let k = 0; k < rank; k++) w += sourceFactors.factors[u + k] * targets.factors[v + k];
  }
  const from = model.sourcesFrom[t];
  const to = model.sourcesFrom[t + 1];
  const at = lowerBound(targets.sources, from, to, source);
  return at < to && targets.sources[at] === source ? w + targets.weights[at] : w;
}

// Each history position's term w(h_p -> t) * decay^(n - 1 - p), the power made by repeated
// multiplication from the most recent item back (ItemToItemModel::Contributions).
function contributions(model, history, target) {
  const n = history.length;
  const terms = new Array(n).fill(0);
  const t = model.indexOf.get(target);
  let factor = 1;
  for (let q = 0; q < n; q++) {
    const p = n - 1 - q;
    terms[p] = (t === undefined ? 0 : weight(model, history[p], t)) * factor;
    factor *= model.decay;
  }
  return terms;
}

// ItemToItemModel::Score: the bias plus the terms (default: computed here), in history order.
function score(model, history, target, terms = contributions(model, history, target)) {
  let sum = bias(model, target);
  for (const term of terms) sum += term;
  return sum;
}

// Every stored target outside `history` with a fast score and its magnitude bound, by the model's
// algebra (ItemToItemScoresOutside): one pass over the history instead of one per target.
function scoresOutside(model, history) {
  const { targets, sourceFactors, rank, decay } = model;
  const held = new Set(history);
  const z = new Float64Array(rank);
  const zAbs = new Float64Array(rank);
  const weightOf = new Float64Array(history.length);
  let factor = 1;
  for (let q = 0; q < history.length; q++) {
    const p = history.length - 1 - q;
    weightOf[p] = factor;
    const u = model.factorsOf.get(history[p]);
    if (u !== undefined) {
      for (let k = 0; k < rank; k++) {
        z[k] += factor * sourceFactors.factors[u + k];
        zAbs[k] += factor * Math.abs(sourceFactors.factors[u + k]);
      }
    }
    factor *= decay;
  }
  const out = { items: [], score: [], bound: [] };
  for (let t = 0; t < targets.items.length; t++) {
    if (held.has(targets.items[t])) continue;
    let s = targets.biases[t];
    let bound = Math.abs(s);
    const v = model.factorsFrom[t];
    if (v >= 0) {
      for (let k = 0; k < rank; k++) {
        s += targets.factors[v + k] * z[k];
        bound += Math.abs(targets.factors[v + k]) * zAbs[k];
      }
    }
    const from = model.sourcesFrom[t];
    const to = model.sourcesFrom[t + 1];
    for (let p = 0; p < history.length && from < to; p++) {
      const at = lowerBound(targets.sources, from, to, history[p]);
      if (at === to || targets.sources[at] !== history[p]) continue;
      const w = targets.weights[at] * weightOf[p];
      s += w;
      bound += Math.abs(w);
    }
    out.items.push(targets.items[t]);
    out.score.push(s);
    out.bound.push(bound);
  }
  return out;
}

/**
 * The `k` best-scored targets the model stores that are not in `history`, best first (equal
 * scores: the smaller id first), with their scores (ItemToItemTopTargets): the fast scores choose
 * the candidates within their error margin, and those are scored exactly.
 */
export function itemToItemTop(model, history, k) {
  if (!Number.isInteger(k) || k < 1) throw new Error(`k must be at least 1, got ${k}`);
  const fast = scoresOutside(model, history);
  const kept = Math.min(fast.items.length, k);
  if (kept === 0) return { items: [], scores: [] };
  const margin = (i) => 1e-10 * (1 + fast.bound[i]);
  const lower = Float64Array.from(fast.score, (s, i) => s - margin(i)).sort();
  const kth = lower[lower.length - kept];
  const scored = [];
  for (let i = 0; i < fast.items.length; i++) {
    if (fast.score[i] + margin(i) >= kth) {
      scored.push([score(model, history, fast.items[i]), fast.items[i]]);
    }
  }
  scored.sort((a, b) => (a[0] !== b[0] ? (a[0] > b[0] ? -1 : 1) : a[1] - b[1]));
  const top = scored.slice(0, kept);
  return { items: top.map(([, item]) => item), scores: top.map(([s]) => s) };
}

// Names used twice are told apart as the core does (UniqueNames): "Heat", "Heat (2)".
function uniqueNames(names) {
  const seen = new Map();
  return names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} (${count})`;
  });
}

/**
 * The history explanation JSON (one history, parsed) of `target` (default: the top pick) after
 * `history`, as the core writes it (ItemToItemTerms, HistoryExplanationsToJson): the model's terms,
 * one per position, with the target's bias they add up to the score from. `itemNames`: one per
 * history item, or undefined ("item <id>").
 */
export function itemToItemExplanation(model, history, target, itemNames) {
  if (itemNames && itemNames.length !== history.length) {
    throw new Error(
      `item_names has ${itemNames.length} names for a history of ${history.length} items`,
    );
  }
  let explained = target;
  if (explained === undefined || explained === null) {
    [explained] = itemToItemTop(model, history, 1).items;
    if (explained === undefined) throw new Error('the model stores no target outside the history');
  }
  const names = itemNames ?? history.map((id) => `item ${id}`);
  const terms = contributions(model, history, explained);
  return {
    method: 'item_to_item',
    output: 'score',
    feature_names: [uniqueNames(names)],
    base_value: [bias(model, explained)],
    values: [terms],
    std_errors: [new Array(history.length).fill(0)],
    model_output: [score(model, history, explained, terms)],
    evaluations: 0,
    seed: null,
    settings: { family: 'item_to_item', decay: model.decay },
    history: [[...history]],
    target: [explained],
    player_items: [history.map((_, p) => [p])],
  };
}
