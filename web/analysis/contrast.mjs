// "Why this row rather than row B" for tabular rows (explain() with `contrast`), loaded on first
// use as the other analysis jobs are, so that the widget never downloads it. Two targets, as
// `whyrec explain --contrast B --contrast-output margin|prob` has:
// - margin, f(row) - f(B): Shapley values are linear in the game, so the values are the row's
//   minus B's, from any Shapley method the engine runs (the row's and B's explanations by the
//   same request); base_value becomes f(B), standard errors combine as if independent;
// - prob, the pairwise probability sigmoid(f(row) - f(B)): not linear, so a game of its own that
//   the core plays (core/explain/pairwise_probability.h), here for ONNX models.
// `context` gives the engine (engine.explain), the ONNX inputs of a request and the core.
import { concatExplanations } from '../explanation.mjs';
import { explainConfig, instanceRows, toMatrix } from '../inputs.mjs';
import { resolveModel } from '../models.mjs';
import { runModelJob } from './run-model-job.mjs';

export async function contrast(context, request, onProgress, signal) {
  const { contrast: against, contrastOutput = 'margin', ...rest } = request;
  if (!ArrayBuffer.isView(against) && !Array.isArray(against)) {
    throw new Error('`contrast` must be row B: an array of numbers, like `instance`');
  }
  if (request.method === 'lime' || request.method === 'anchors') {
    throw new Error(
      '`contrast` needs a Shapley method (exact, kernel, permutation, auto, linear, tree, ' +
        `additive), not ${request.method}`,
    );
  }
  // As the CLI: interaction values would need the same subtraction, which is not done here.
  if (request.settings?.interactions) {
    throw new Error('`contrast` does not combine with interactions');
  }
  const contrastRow = Array.from(against, (value) => (value === null ? NaN : Number(value)));
  let explanation;
  if (contrastOutput === 'margin') {
    explanation = await margin(context.engine, rest, against, onProgress, signal);
  } else if (contrastOutput === 'prob') {
    explanation = await probability(context, rest, against, onProgress, signal);
  } else {
    throw new Error(
      `\`contrastOutput\` must be 'margin' or 'prob', got ${JSON.stringify(contrastOutput)}`,
    );
  }
  explanation.settings = { ...explanation.settings, contrast_row: contrastRow };
  return explanation;
}

// The rows' explanations minus B's (core/explain/contrast.h does the same for the CLI).
async function margin(engine, request, against, onProgress, signal) {
  const rows = await engine.explain(request, onProgress, signal);
  const b = await engine
    .explain({ ...request, instance: against, instances: undefined }, undefined, signal)
    .catch((error) => {
      throw new Error(`\`contrast\` (row B): ${error.message}`);
    });
  const minus = (x, y) => (Array.isArray(x) ? x.map((v, i) => minus(v, y[i])) : x - y);
  const combined = (x, y) =>
    Array.isArray(x) ? x.map((v, i) => combined(v, y[i])) : Math.hypot(x, y);
  const [bValues] = b.values;
  const [bErrors] = b.std_errors ?? [];
  return {
    ...rows,
    base_value: b.model_output[0],
    values: rows.values.map((row) => minus(row, bValues)),
    ...(rows.std_errors &&
      bErrors && { std_errors: rows.std_errors.map((row) => combined(row, bErrors)) }),
  };
}

// P(row above B) by the core's pairwise-probability game, one job per row.
async function probability(context, request, against, onProgress, signal) {
  if ((await resolveModel(request.model)).kind !== 'onnx') {
    throw new Error(
      "`contrastOutput: 'prob'` evaluates ONNX models in the JS API (the CLI's " +
        '--contrast-output prob takes any model with --method exact, kernel or permutation)',
    );
  }
  const method = request.method ?? 'exact';
  const { onnx, names, rows, output } = await context.inputs({
    ...request,
    rows: instanceRows(request),
  });
  const background = toMatrix(request.background, names, 'background', request.missing);
  const b = toMatrix([against], names, 'contrast', request.missing);
  const config = explainConfig(request, names, output);
  const core = await context.core();
  if (!core.createPairwiseProbabilityJob) {
    throw new Error(
      "this WebAssembly core has no pairwise probabilities (the widget's Shapley-only core?): " +
        'configure coreUrl with build/wasm/whyrec_core.mjs',
    );
  }
  const width = names.length;
  const count = rows.length / width;
  const explanations = [];
  for (let i = 0; i < count; i++) {
    const row = rows.subarray(i * width, (i + 1) * width);
    const job = core.createPairwiseProbabilityJob(method, config, row, b, background);
    // Model rows of this request so far, as explain() counts them over its instances.
    const earlier = explanations.reduce((sum, e) => sum + e.evaluations, 0);
    const progress = ({ rowsEvaluated }) =>
      onProgress?.({ rowsEvaluated: earlier + rowsEvaluated, instancesDone: i, instances: count });
    explanations.push(await runModelJob(job, onnx, output, progress, signal));
  }
  return concatExplanations(explanations);
}
