// A made-up explanation with every field the charts read, today's (values, std_errors, …) and
// those later methods add (interaction_values, weights, rule, deletion, …), from a seeded
// generator so that every run draws the same charts.
import { seededRandom } from './seeded-random.mjs';

export function fixtureExplanation({ rows = 30, names = defaultNames } = {}) {
  const random = seededRandom(7);
  const p = names.length;
  const data = table(rows, p, () => Math.round(random() * 1000) / 100);
  const interaction_values = data.map((row) =>
    names.map((_, i) => names.map((__, j) => (i === j ? 0.1 : 0.02) * (row[i] - 5) * random())),
  );
  // Shapley values are the row sums of the interaction values, as for TreeSHAP.
  const values = interaction_values.map((m) => m.map((line) => line.reduce((s, x) => s + x, 0)));
  const base = 0.2;
  return {
    method: 'exact',
    output: 'prob',
    feature_names: names,
    base_value: base,
    values,
    std_errors: table(rows, p, () => 0),
    model_output: values.map((row) => base + row.reduce((s, x) => s + x, 0)),
    evaluations: rows * 2 ** p * 10,
    seed: null,
    settings: { background_rows: 10, players: p, rows },
    data,
    interaction_values,
    intercept: table(rows, 1, () => 0.1).map(([x]) => x),
    weights: values.map((row) => row.map((x) => x * 0.8)),
    score: table(rows, 1, () => 0.9).map(([x]) => x),
    conditions: data.map((row) => names.map((name, j) => `${name} <= ${row[j]}`)),
    anchor: data.map((row) => `${names[0]} > ${row[0]} AND ${names[1]} <= ${row[1]}`),
    precision: table(rows, 1, () => 0.95).map(([x]) => x),
    coverage: table(rows, 1, () => 0.12).map(([x]) => x),
    deletion: values.map((_, r) =>
      Array.from({ length: p + 1 }, (__, s) => 0.6 - (0.5 * s) / p - r / 1000),
    ),
    insertion: values.map((_, r) =>
      Array.from({ length: p + 1 }, (__, s) => 0.1 + (0.5 * s) / p + r / 1000),
    ),
  };
}

export const defaultNames = [
  'price_vs_usual_spend',
  'category_affinity',
  'days_since_category_view',
  'item_popularity',
  'item_rating',
  'discount_pct',
  'novelty',
  'viewed_item_before',
];

function table(rows, columns, cell) {
  return Array.from({ length: rows }, () => Array.from({ length: columns }, cell));
}
