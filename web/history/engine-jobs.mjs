// The engine's history requests, loaded only when one arrives. `context` gives a model session of
// a kind (sessionOf(Kind, source, key)) and a core with history jobs (core()).
import { EmbeddingsModel } from './embeddings-model.mjs';
import { explainHistory as explain, historyCurves as curves } from './explain-history.mjs';
import { HistoryModel } from './history-model.mjs';
import { recommend as recommendItems } from './recommend.mjs';

async function inputs(context, request) {
  const model = await context.sessionOf(HistoryModel, request.model, request.modelKey);
  return { model, core: await context.core() };
}

/** Attributions to a history's items: see explain-history.mjs. */
export async function explainHistory(context, request, onProgress, signal) {
  const { core, model } = await inputs(context, request);
  const embeddingsModel = () =>
    request.embeddingsModel === undefined
      ? Promise.reject(new Error('integrated gradients need `embeddingsModel`, an ONNX file'))
      : context.sessionOf(EmbeddingsModel, request.embeddingsModel, request.embeddingsModelKey);
  return explain({ core, model, embeddingsModel, request, onProgress, signal });
}

/** Deletion/insertion curves of any attribution (`values`) of a history's items. */
export async function historyCurves(context, request, onProgress, signal) {
  const { core, model } = await inputs(context, request);
  return curves({ core, model, request, onProgress, signal });
}

/** The top `k` items a history model recommends to each of `histories`. */
export async function recommend(context, request) {
  const { core, model } = await inputs(context, request);
  return recommendItems({ core, model, request });
}

/** The histories of a histories.csv text, read by the core as `whyrec explain-history` does. */
export async function readHistories(context, { text, source = 'the histories' }) {
  if (typeof text !== 'string') throw new Error('`text` must be the histories file as a string');
  return (await context.core()).parseHistories(text, source);
}
