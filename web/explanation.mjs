// Explanations of several rows are one explanation: per-row fields (values, std_errors,
// model_output) are concatenated; the rest is shared by construction (same model, background and
// settings), and model evaluations add up.

export function concatExplanations(explanations) {
  if (explanations.length === 1) return explanations[0];
  const [first] = explanations;
  return {
    ...first,
    values: explanations.flatMap((e) => e.values),
    std_errors: explanations.flatMap((e) => e.std_errors),
    model_output: explanations.flatMap((e) => e.model_output),
    evaluations: explanations.reduce((sum, e) => sum + e.evaluations, 0),
  };
}
