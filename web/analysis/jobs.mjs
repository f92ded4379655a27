// The engine's analysis jobs, loaded on first use (the widget never needs them): global
// importance, deletion and insertion curves and feature counterfactuals of an ONNX model, run by
// the same core code as `whyrec importance`, `whyrec curves` and `whyrec counterfactual`.
// `context` gives the request's ONNX model, feature names, rows and output (inputs(request)) and
// the WebAssembly core (core()). Distilling (distill.mjs) is one of these jobs too.
import { toMatrix } from '../inputs.mjs';
import { runModelJob } from './run-model-job.mjs';

export { distill } from './distill.mjs';

/**
 * Global importance of an ONNX model over `rows`, as `whyrec importance` computes it: method
 * 'permutation' (scored against `labels` when given), 'pd' or 'ale' (of `feature`: a name or a
 * pair). Resolves to the JSON the CLI writes; onProgress({ rowsEvaluated }) and `signal` as for
 * explain().
 */
export async function importance(context, request, onProgress, signal) {
  const kinds = { permutation: 'permutation_importance', pd: 'partial_dependence', ale: 'ale' };
  const method = request.method ?? 'permutation';
  if (!Object.hasOwn(kinds, method)) {
    const got = JSON.stringify(method);
    throw new Error(`\`method\` must be 'permutation', 'pd' or 'ale', got ${got}`);
  }
  const { onnx, names, rows, output } = await context.inputs(request);
  const labels = request.labels === undefined ? new Float32Array(0) : toLabels(request.labels);
  const settings = {
    feature: request.feature,
    metric: request.metric,
    target: request.target,
    repeats: request.repeats,
    seed: request.seed,
    grid_resolution: request.gridResolution,
    bins: request.bins,
    groups: request.groups,
  };
  const config = globalConfig(request, names, output, settings);
  const job = (await context.core()).createGlobalJob(kinds[method], config, rows, labels);
  return runModelJob(job, onnx, output, onProgress, signal);
}

/**
 * Deletion and insertion curves of an explanation's rows, as `whyrec curves` computes them:
 * `rows` are the data the explanation's rows come from (from its settings.rows[0] on),
 * `background` the rows that stand in for removed features.
 */
export async function curves(context, request, onProgress, signal) {
  const { explanation } = request;
  if (typeof explanation !== 'object' || !Array.isArray(explanation?.values)) {
    throw new Error('`explanation` must be an explanation (the result of explain())');
  }
  const { onnx, names, rows, output } = await context.inputs({
    ...request,
    featureNames: request.featureNames ?? explanation.feature_names,
    output: request.output ?? explanation.output,
  });
  const background = toMatrix(request.background, names, 'background', request.missing);
  const settings = { explanation, random_orders: request.randomOrders, seed: request.seed };
  const config = globalConfig(request, names, output, settings);
  const job = (await context.core()).createGlobalJob('curves', config, rows, background);
  return runModelJob(job, onnx, output, onProgress, signal);
}

/**
 * The smallest change to `rows[row]` that moves it into (or out of) the top `k` of the list
 * `rows`, as `whyrec counterfactual` searches it; resolves to the JSON of one of its rows.
 */
export async function counterfactual(context, request, onProgress, signal) {
  const { onnx, names, rows, output } = await context.inputs(request);
  const count = rows.length / names.length;
  const row = request.row;
  if (!Number.isInteger(row) || row < 0 || row >= count) {
    throw new Error(`\`row\` must be the index of one of the ${count} rows, got ${row}`);
  }
  const width = names.length;
  const others = new Float32Array((count - 1) * width);
  others.set(rows.subarray(0, row * width));
  others.set(rows.subarray((row + 1) * width), row * width);
  const background =
    request.background === undefined
      ? rows
      : toMatrix(request.background, names, 'background', 'error');
  const settings = {
    k: request.k,
    goal: request.goal,
    count: request.count,
    max_changes: request.maxChanges,
    budget: request.budget,
    immutable: request.immutable,
    ranges: request.ranges,
    steps: request.steps,
    costs: request.costs,
    grid_size: request.gridSize,
  };
  const config = globalConfig(request, names, output, settings);
  const core = await context.core();
  const job = core.createFeatureCounterfactual(
    config,
    rows.subarray(row * width, (row + 1) * width),
    others,
    background,
  );
  return { row, ...(await runModelJob(job, onnx, output, onProgress, signal)) };
}

function globalConfig(request, names, output, settings) {
  return JSON.stringify({
    ...settings,
    feature_names: names,
    output,
    column: request.column,
    max_batch_rows: request.maxBatchRows,
  });
}

function toLabels(labels) {
  if (!ArrayBuffer.isView(labels) && !Array.isArray(labels)) {
    throw new Error('`labels` must be an array of numbers, one per row');
  }
  // Checked before the conversion too: Number(null) is 0, and a missing label cannot be scored.
  const values = Float32Array.from(labels, Number);
  if (Array.from(labels).some((label, i) => label === null || !Number.isFinite(values[i]))) {
    throw new Error('`labels` must all be finite numbers (a missing label cannot be scored)');
  }
  return values;
}

export { contrast } from './contrast.mjs';
