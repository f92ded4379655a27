// The method settings each method reads (the names the core's settings readers take:
// core/explain/explainer_factory.cpp, core/explain/local/local_rule_settings.cpp,
// core/background_summary.cpp, wasm/tree_bindings.cpp), so that a misspelt one ("budgett") is
// an error that lists the valid names instead of a setting silently ignored.

// Read for every method: a summarized background and the batch size of model calls.
const common = ['background_summary', 'seed', 'max_batch_rows'];
const sampling = ['budget', 'tolerance', 'link'];
const kernel = [...sampling, 'sampling', 'surrogate'];

export const methodSettings = {
  exact: ['link', ...common],
  kernel: [...kernel, ...common],
  permutation: [...sampling, ...common],
  auto: [...kernel, ...common],
  lime: [
    'num_samples',
    'discretizer',
    'feature_selection',
    'num_features',
    'kernel_width',
    'ridge_alpha',
    ...common,
  ],
  anchors: [
    'threshold',
    'delta',
    'tau',
    'batch_size',
    'coverage_samples',
    'min_samples_start',
    'beam_size',
    'max_verify_samples',
    'max_anchor_size',
    'anchor_threshold',
    ...common,
  ],
  tree: ['tree_mode', 'interactions', ...common],
  linear: [...common],
};

/**
 * The settings text (JSON, or empty) as an object for `method`, or an error that says what is
 * wrong: not JSON, not an object, or a name `method` does not read (with the ones it does).
 */
export function parseSettings(text, method, title = method) {
  if (!text.trim()) return undefined;
  let settings;
  try {
    settings = JSON.parse(text);
  } catch (error) {
    throw new Error(`the method settings are not JSON: ${error.message}`);
  }
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) {
    throw new Error('the method settings must be a JSON object, such as {"seed": 7}');
  }
  const valid = methodSettings[method];
  const unknown = valid ? Object.keys(settings).filter((key) => !valid.includes(key)) : [];
  if (unknown.length) {
    const names = unknown.map((key) => `"${key}"`).join(', ');
    throw new Error(
      `${title} has no setting${unknown.length > 1 ? 's' : ''} ${names}; its settings are: ` +
        valid.join(', '),
    );
  }
  return settings;
}
