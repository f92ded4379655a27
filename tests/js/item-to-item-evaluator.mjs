// The distilled item-to-item model evaluated here from the README's format ("Distilling a history
// model"), independently of the core: b_t (else default_bias) + sum_p w(h_p -> t) * decay^(n-1-p),
// with w(i -> t) = u_i . v_t + s(i -> t), a part the model lacks counting 0.
export function itemToItemEvaluator(model) {
  const byTarget = new Map(model.targets.map((t) => [t.item, t]));
  const factors = new Map((model.source_factors ?? []).map((f) => [f.item, f.u]));
  const weight = (source, target) => {
    const t = byTarget.get(target);
    if (!t) return 0;
    const u = factors.get(source);
    const lowRank = u && t.v ? u.reduce((s, x, k) => s + x * t.v[k], 0) : 0;
    const k = (t.sources ?? []).indexOf(source);
    return k >= 0 ? lowRank + t.weights[k] : lowRank;
  };
  const bias = (target) => byTarget.get(target)?.bias ?? model.default_bias;
  const terms = (items, target) =>
    items.map((item, p) => weight(item, target) * model.decay ** (items.length - 1 - p));
  const score = (items, target) => terms(items, target).reduce((s, v) => s + v, bias(target));
  // Every stored target outside the history as [score, item], best first, equal scores by id.
  const ranking = (items) =>
    model.targets
      .map((t) => t.item)
      .filter((item) => !items.includes(item))
      .map((item) => [score(items, item), item])
      .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  return { bias, terms, score, ranking };
}
