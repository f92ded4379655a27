// What the distilled-model charts read from a whyrec-distilled model (README, "Distilled models"):
// each feature's bins (bin 0 holds a missing value; with cuts c, value x goes to bin 1 + the
// number of cuts <= x, compared in float32), what a term adds for a row, and how much a term moves
// the model over rows (its importance).
/** The bin of value x of a feature with `cuts`. */
export function binOf(cuts, x) {
  if (x === null || Number.isNaN(x)) return 0;
  const v = Math.fround(x);
  let bin = 1;
  while (bin - 1 < cuts.length && Math.fround(cuts[bin - 1]) <= v) bin++;
  return bin;
}

/**
 * Each bin's name: "missing", "< c0", "c0 to c1", …, "≥ ck"; cuts to 4 significant digits, or
 * in full where that would give two bins one name.
 */
export function binLabels(cuts) {
  if (cuts.length === 0) return ['missing', 'any value'];
  const short = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });
  const shown = cuts.map((c) => short.format(c));
  const at = new Set(shown).size === shown.length ? shown : cuts.map(String);
  return [
    'missing',
    `< ${at[0]}`,
    ...at.slice(1).map((c, i) => `${at[i]} to ${c}`),
    `≥ ${at.at(-1)}`,
  ];
}

/** What `term` adds to the margin of `row` (values in the order of model.feature_names). */
export function termValue(model, term, row) {
  const [a, b] = term.features.map((name) => row[model.feature_names.indexOf(name)]);
  const first = binOf(term.cuts[0], a);
  if (term.features.length === 1) return term.scores[first];
  return term.scores[first * (term.cuts[1].length + 2) + binOf(term.cuts[1], b)];
}

/**
 * A term's importance: the standard deviation of its value over `rows` when rows are given,
 * else the range of its scores over the value bins (what it can move, not knowing the data).
 */
export function termSpread(model, term, rows) {
  if (rows?.length) {
    const values = rows.map((row) => termValue(model, term, row));
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
  }
  const scores = term.features.length === 1 ? term.scores.slice(1) : term.scores;
  return Math.max(...scores) - Math.min(...scores);
}

/** A whyrec-distilled model, or an error naming what is wrong with it. */
export function checkDistilled(model) {
  if (model?.format !== 'whyrec-distilled' || !Array.isArray(model.terms)) {
    throw new Error(
      'not a distilled model: expected {"format": "whyrec-distilled", "terms": [...]} ' +
        '(`whyrec distill --family ga2m` writes one)',
    );
  }
  for (const [t, term] of model.terms.entries()) {
    const cells = term.cuts?.reduce((n, cuts) => n * (cuts.length + 2), 1);
    if (!Array.isArray(term.features) || term.scores?.length !== cells) {
      throw new Error(
        `the distilled model's term ${t} has ${term.scores?.length} scores, not ${cells}`,
      );
    }
  }
  return model;
}
