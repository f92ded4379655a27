// History models and their explanations, loaded by the engine only when a history request
// arrives: pages that explain tabular models never download them.
export { EmbeddingsModel } from './embeddings-model.mjs';
export { explainHistory, historyCurves } from './explain-history.mjs';
export { HistoryModel } from './history-model.mjs';
export { recommend } from './recommend.mjs';
