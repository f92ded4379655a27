// Plain-language reasons from one explained row: the players that raised the score most, each
// turned into a sentence by a template file ({ features: { name: { positive, negative } } }):
//
//   "price_vs_usual_spend": {
//     "label": "Price", "pct": "log2-ratio",
//     "positive": [{ "below": -0.07, "text": "Priced {pct}% below what you usually spend" },
//                  { "text": "Priced about what you usually spend" }]
//   }
//
// A sign's entry is a sentence or a list of cases; the first case whose `below`/`above` bounds
// hold for the feature value wins. Placeholders: {label}, {value} (the feature value), {pct}
// (`pct`: "log2-ratio" → |2^v − 1|·100, "fraction" → v·100, otherwise |v|, all rounded).
// Sentences are data, never markup: callers show them with textContent.
import { numberText } from './number-text.mjs';

const fallback = {
  positive: '{label} made this a better match',
  negative: '{label} made this a weaker match',
};

const percentOf = {
  'log2-ratio': (v) => Math.abs(2 ** v - 1) * 100,
  fraction: (v) => v * 100,
};

/**
 * Up to `count` reasons for `row`: the positive contributions, largest first, leaving out those
 * under `minShare` of the largest magnitude. Only what raised the score is offered as a reason:
 * a row scoring at or below the average (its values sum to ≤ 0) gets one neutral statement
 * instead ({ sign: 'none', text }: the template file's `neutral`, else a plain one). Each reason:
 * { feature, value, featureValue, sign, share, text }, where share is |value| relative to the
 * largest |value| in the row (for bars).
 */
export function topReasons(
  explanation,
  { row = 0, instance, templates, count = 3, minShare = 0.05 } = {},
) {
  const values = explanation.values[row].map((v) => (Array.isArray(v) ? v[0] : v));
  const featureRow = instance ?? explanation.data?.[row];
  const largest = Math.max(...values.map(Math.abs), Number.EPSILON);
  const players = explanation.feature_names.map((feature, j) => ({
    feature,
    value: values[j],
    featureValue: featureRow?.[j],
  }));
  if (values.reduce((sum, v) => sum + v, 0) <= 0) {
    return [{ feature: '', value: 0, sign: 'none', share: 0, text: templates?.neutral ?? neutral }];
  }
  return players
    .filter((p) => p.value > 0 && p.value >= minShare * largest)
    .sort((a, b) => b.value - a.value)
    .slice(0, count)
    .map((p) => ({
      ...p,
      sign: 'positive',
      share: p.value / largest,
      text: sentence(p, 'positive', templates),
    }));
}

const neutral = 'Not one of your closest matches: suggested to widen your choice.';

/** A feature name as words, for files without its label: price_vs_usual_spend → Price vs usual spend. */
export const readableName = (feature) => {
  const words = String(feature)
    .replace(/[_\s]+/g, ' ')
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** The sentence for one player's contribution of the given sign. */
export function sentence({ feature, featureValue }, sign, templates) {
  const template = templates?.features?.[feature] ?? {};
  const cases = template[sign] ?? templates?.fallback?.[sign] ?? fallback[sign];
  const known = typeof featureValue === 'number' && Number.isFinite(featureValue);
  const text = [cases]
    .flat()
    .map((entry) => (typeof entry === 'string' ? { text: entry } : entry))
    .find((entry) => holds(entry, featureValue, known))?.text;
  const fields = {
    label: template.label ?? readableName(feature),
    value: known ? numberText(featureValue, 1) : null,
    pct: known ? String(Math.round((percentOf[template.pct] ?? Math.abs)(featureValue))) : null,
  };
  const filled = (text ?? fallback[sign]).replace(
    /\{(\w+)\}/g,
    (match, name) => fields[name] ?? match,
  );
  // A template that needs the feature value when it is unknown falls back to the plain sentence.
  return /\{(value|pct)\}/.test(filled)
    ? fallback[sign].replace('{label}', () => fields.label)
    : filled;
}

function holds(entry, value, known) {
  if (entry.below === undefined && entry.above === undefined) return true;
  if (!known) return false;
  return (
    (entry.below === undefined || value < entry.below) &&
    (entry.above === undefined || value > entry.above)
  );
}
