// The engine's history requests, loaded only when one arrives. `context` gives a model session of
// a kind (sessionOf(Kind, source, key)), a core with history jobs (core()) or with distilled
// item-to-item models (core(true)), and the request's model as the engine reads and keeps it
// (readModel(request): models.mjs's resolveModel).
import { DistilledHistoryModel } from './distilled-history-model.mjs';
import { EmbeddingsModel } from './embeddings-model.mjs';
import { explainHistory as explain, historyCurves as curves } from './explain-history.mjs';
import { HistoryModel } from './history-model.mjs';
import { recommend as recommendItems } from './recommend.mjs';

// What the engine's other models are, for the error that says they read no histories.
const notHistories = {
  linear: 'a linear model',
  xgboost: 'an XGBoost model',
  lightgbm: 'a LightGBM model',
  distilled: 'a distilled additive model of features',
  'distilled-tree': 'a distilled tree or rule list',
};

// The request's model when it is a distilled item-to-item model (made once per model read);
// null for an ONNX one.
async function distilledModel(context, request) {
  const model = await context.readModel(request);
  if (model.kind === 'onnx') return null;
  if (model.kind !== 'distilled-history') {
    throw new Error(
      'a history model is an ONNX file or a distilled item-to-item model (whyrec ' +
        `distill-history); this one is ${notHistories[model.kind]}`,
    );
  }
  model.explainer ??= new DistilledHistoryModel(
    () => context.core(true),
    model.spec,
    () => context.core(),
  );
  return model.explainer;
}

async function inputs(context, request) {
  const model = await context.sessionOf(HistoryModel, request.model, request.modelKey);
  return { model, core: await context.core() };
}

/** Attributions to a history's items: see explain-history.mjs. */
export async function explainHistory(context, request, onProgress, signal) {
  const distilled = await distilledModel(context, request);
  if (distilled) return distilled.explain(request);
  const { core, model } = await inputs(context, request);
  const embeddingsModel = () =>
    request.embeddingsModel === undefined
      ? Promise.reject(new Error('integrated gradients need `embeddingsModel`, an ONNX file'))
      : context.sessionOf(EmbeddingsModel, request.embeddingsModel, request.embeddingsModelKey);
  return explain({ core, model, embeddingsModel, request, onProgress, signal });
}

/** Deletion/insertion curves of any attribution (`values`) of a history's items. */
export async function historyCurves(context, request, onProgress, signal) {
  if (await distilledModel(context, request)) {
    throw new Error(
      'historyCurves evaluates ONNX history models; a distilled item-to-item model is explained ' +
        'exactly by its terms',
    );
  }
  const { core, model } = await inputs(context, request);
  return curves({ core, model, request, onProgress, signal });
}

/** The top `k` items a history model recommends to each of `histories`. */
export async function recommend(context, request) {
  const distilled = await distilledModel(context, request);
  if (distilled) return distilled.recommend(request);
  const { core, model } = await inputs(context, request);
  return recommendItems({ core, model, request });
}

/** The histories of a histories.csv text, read by the core as `whyrec explain-history` does. */
export async function readHistories(context, { text, source = 'the histories' }) {
  if (typeof text !== 'string') throw new Error('`text` must be the histories file as a string');
  return (await context.core()).parseHistories(text, source);
}
