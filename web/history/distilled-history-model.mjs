// A distilled history model (`whyrec distill-history`'s item-to-item JSON, README "Distilling a
// history model") in a WebAssembly core that has its bindings (the widget's whyrec_distilled or
// the full core). It explains a history's recommendation by its own terms, exactly, and ranks the
// items itself: no ONNX Runtime, no model runs in JS.
import { historyItems, perItem } from './history-request.mjs';
import { recommendRequest } from './recommend.mjs';

// What changes what other history models explain; the terms are the whole explanation.
const unused = {
  output: 'output',
  contrast: 'contrast',
  groups: 'groups',
  embeddingsModel: 'embeddingsModel',
  faithfulness: 'faithfulness',
  counterfactual: 'counterfactual',
  settings: 'settings (budget, seed, steps)',
};

// Whether a request chose something for `field`: the default score output, empty settings and
// false flags choose nothing.
function isGiven(field, value) {
  if (value === undefined || value === null || value === false) return false;
  if (field === 'output') return value !== 'score';
  if (field === 'settings') return typeof value !== 'object' || Object.keys(value).length > 0;
  return true;
}

// The model each core holds (it holds one: itemToItemLoad), so that switching loads again.
const loaded = new WeakMap();

export class DistilledHistoryModel {
  #core;
  #text;

  constructor(core, spec) {
    this.#core = core;
    this.#text = JSON.stringify(spec);
  }

  // The core, holding this model.
  #loaded() {
    if (loaded.get(this.#core) !== this) {
      loaded.delete(this.#core);
      this.#core.itemToItemLoad(this.#text);
      loaded.set(this.#core, this);
    }
    return this.#core;
  }

  /** The history explanation JSON of request.target (default: the top pick): the model's terms. */
  explain(request) {
    const method = request.method ?? 'auto';
    if (method !== 'auto' && method !== 'exact') {
      throw new Error(
        `method "${method}": a distilled history model is explained by its own terms (exact); ` +
          'use method "auto" or "exact"',
      );
    }
    for (const [field, name] of Object.entries(unused)) {
      if (isGiven(field, request[field])) {
        throw new Error(
          `${name} does not apply to a distilled history model: its explanation is its terms`,
        );
      }
    }
    const items = historyItems(request.history);
    const names = perItem(request.itemNames, items.length, 'itemNames') ?? null;
    return JSON.parse(this.#loaded().itemToItemExplain(items, request.target, names));
  }

  /** The top `k` items of each history, the history's own items left out: { items, scores }. */
  recommend(request) {
    const { lists, k } = recommendRequest(request);
    const core = this.#loaded();
    return lists.map((items, i) => {
      try {
        return JSON.parse(core.itemToItemTop(items, k));
      } catch (error) {
        throw new Error(`history ${i}: ${error.message}`);
      }
    });
  }
}
