// One explained row as contributions: each player with its value, standard error and feature
// value, largest magnitude first; beyond `top`, the rest add up into one "N other features".
import { baseValue, featureLabel, matrix, pick, rowValues } from './explanation-data.mjs';

export function contributionsOf(explanation, options = {}) {
  const { row = 0, outputIndex = 0, top = 12, labels } = options;
  const values = matrix(explanation, 'values', outputIndex)[row];
  if (!values) throw new Error(`the explanation has no row ${row}`);
  const errors = explanation.std_errors?.[row];
  const featureRow = rowValues(explanation, options);
  const all = explanation.feature_names
    .map((name, j) => ({
      name,
      label: featureLabel(name, featureRow?.[j], labels),
      value: values[j],
      stdError: errors ? pick(errors[j], outputIndex) : 0,
      featureValue: featureRow?.[j],
    }))
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  const shown = all.length > top ? all.slice(0, top - 1) : all;
  const rest = all.slice(shown.length);
  if (rest.length) {
    shown.push({
      name: null,
      label: `${rest.length} other features`,
      value: rest.reduce((sum, c) => sum + c.value, 0),
      stdError: Math.hypot(...rest.map((c) => c.stdError)),
    });
  }
  return {
    contributions: shown,
    base: baseValue(explanation, outputIndex),
    output: pick(explanation.model_output[row], outputIndex),
  };
}
