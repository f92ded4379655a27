// Explanations of several rows are one explanation: per-row fields (values, std_errors,
// model_output, and method-specific ones such as LIME's intercept or an anchor's rule) are
// concatenated; the rest is shared by construction (same model, background and settings).
// `evaluations` counts model rows per explained row, as the CLI writes it: the largest of them.

const sharedFields = new Set([
  'method',
  'output',
  'feature_names',
  'base_value',
  'seed',
  'settings',
]);

export function concatExplanations(explanations) {
  if (explanations.length === 1) return explanations[0];
  const [first] = explanations;
  const perRow = Object.keys(first).filter(
    (key) => !sharedFields.has(key) && Array.isArray(first[key]),
  );
  return {
    ...first,
    ...Object.fromEntries(perRow.map((key) => [key, explanations.flatMap((e) => e[key])])),
    evaluations: Math.max(...explanations.map((e) => e.evaluations)),
  };
}
