// Explains one history's recommendation: the core edits the history (or walks its embeddings),
// the history model scores what it is handed, and the core turns the scores into values.
import { runJob } from '../ask-tell.mjs';
import { historyItems, perItem, topItems } from './history-request.mjs';

const shapleyMethods = ['exact', 'kernel', 'permutation', 'auto', 'occlusion'];
const methods = [...shapleyMethods, 'integrated_gradients', 'attention', 'counterfactual'];

/**
 * core: the WebAssembly core; model: a HistoryModel; embeddingsModel(): resolves to the
 * EmbeddingsModel (only called for integrated gradients). Resolves to the history explanation
 * JSON (every field a list with one entry per history; here one).
 */
export async function explainHistory({
  core,
  model,
  embeddingsModel,
  request,
  onProgress,
  signal,
}) {
  const method = request.method ?? 'auto';
  if (!methods.includes(method)) {
    throw new Error(`unknown history method "${method}"; available: ${methods.join(', ')}`);
  }
  if (method === 'counterfactual' && request.faithfulness) {
    throw new Error('faithfulness does not apply to method "counterfactual"');
  }
  const { items, input, full, config } = await prepare(core, model, request);
  let rowsEvaluated = 0;
  const report = (rows) => {
    rowsEvaluated += rows;
    onProgress?.({ rowsEvaluated });
  };
  let explanation;
  if (method === 'attention') {
    explanation = attentionExplanation(core, model, full, config, items);
  } else if (method === 'integrated_gradients') {
    const embeddings = full.history_embeddings;
    if (!embeddings) {
      throw new Error('integrated gradients need the model output "history_embeddings" [1, L, d]');
    }
    const gradients = await embeddingsModel();
    const dim = embeddings.dims.at(-1);
    const job = core.createHistoryGradients(config, items, embeddings.values);
    const answer = (rows) => gradients.scores(rows, input, dim);
    explanation = await runJob(job, answer, report, signal);
  } else if (method === 'counterfactual') {
    const job = core.createHistoryCounterfactual(config, items);
    explanation = await runJob(job, scoreHistories(model, job), report, signal);
  } else {
    const job = core.createHistoryJob(method, config, items);
    explanation = await runJob(job, scoreHistories(model, job), report, signal);
  }
  if (request.faithfulness) {
    const order = orderOf(explanation.values[0]);
    explanation.faithfulness = [await runCurves(core, model, config, items, order, report, signal)];
  }
  return explanation;
}

/**
 * Deletion and insertion curves, comprehensiveness and sufficiency of any attribution of a
 * history's players (`values`, one per player; largest first), for `target` (default: the
 * model's top item).
 */
export async function historyCurves({ core, model, request, onProgress, signal }) {
  const { items, config } = await prepare(core, model, request);
  const players = request.groups ? new Set(request.groups).size : items.length;
  const { values } = request;
  if (!Array.isArray(values) || values.length !== players || !values.every(Number.isFinite)) {
    throw new Error(`\`values\` must be ${players} finite numbers, one per player`);
  }
  let rowsEvaluated = 0;
  const report = (rows) => onProgress?.({ rowsEvaluated: (rowsEvaluated += rows) });
  return runCurves(core, model, config, items, orderOf(values), report, signal);
}

// The history, its model input and outputs, and the core's config (target resolved).
async function prepare(core, model, request) {
  const items = historyItems(request.history);
  const base = {
    ...model.layout(request),
    item_names: perItem(request.itemNames, items.length, 'itemNames'),
    groups: perItem(request.groups, items.length, 'groups'),
    output: request.output,
  };
  // The item count first, so that unknown ids are refused before the model sees them.
  const numItems = await model.itemCount(base.history_length, base.pad_id);
  const input = core.historyInput(JSON.stringify({ ...base, num_items: numItems }), items);
  const full = await model.all(input, 1);
  const scores = full[model.scoresName];
  if (request.counterfactual === 'add' && request.target === undefined) {
    throw new Error(
      'a counterfactual that adds items needs `target`: the item to bring into the top k',
    );
  }
  const target = request.target ?? topItems(scores.values, 1, items, base.pad_id ?? 0).items[0];
  const config = JSON.stringify({
    ...request.settings,
    ...base,
    target,
    contrast: request.contrast,
    num_items: numItems,
    max_batch_rows: request.maxBatchRows ?? request.settings?.max_batch_rows,
    // method 'counterfactual'
    k: request.k,
    counterfactual: request.counterfactual,
    candidates: request.candidates,
    candidate_names: request.candidateNames,
  });
  return { items, input, full, config };
}

function orderOf(values) {
  return values.map((_, g) => g).sort((a, b) => values[b] - values[a] || a - b);
}

function runCurves(core, model, config, items, order, report, signal) {
  const job = core.createHistoryCurves(config, items, order);
  return runJob(job, scoreHistories(model, job), report, signal);
}

// Answers a history job: its rows are edited histories of job.width() (L) ids each.
function scoreHistories(model, job) {
  return (ids) => model.scores(ids, ids.length / job.width());
}

// Attention is read, not computed: the maps come from the model's attention outputs
// ([1, heads, L, L] each, in layer order), and the core makes them an explanation (the values
// are the rollout) as the CLI does.
function attentionExplanation(core, model, full, config, items) {
  if (model.attentionNames.length === 0) {
    throw new Error('method "attention" needs attention outputs (named attention…) in the model');
  }
  const layers = model.attentionNames.map((name) => full[name]);
  const [, heads] = layers[0].dims;
  const weights = new Float32Array(layers.reduce((n, l) => n + l.values.length, 0));
  let offset = 0;
  for (const layer of layers) {
    weights.set(layer.values, offset);
    offset += layer.values.length;
  }
  const scores = full[model.scoresName].values;
  return JSON.parse(
    core.historyAttentionJson(config, items, layers.length, heads, weights, scores),
  );
}
