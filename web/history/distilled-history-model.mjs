// A distilled history model (`whyrec distill-history`'s item-to-item JSON, README "Distilling a
// history model") in a WebAssembly core that has its bindings (the widget's whyrec_distilled or
// the full core). It explains a history's recommendation by its own terms, exactly, and ranks the
// items itself: no ONNX Runtime, no model runs in JS.
import { historyItems, perItem } from './history-request.mjs';
import { itemToItemArrays } from './item-to-item-arrays.mjs';
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

// What changes a history model's counterfactual but not a distilled one's.
const unusedByCounterfactual = {
  output: 'output',
  contrast: 'contrast',
  embeddingsModel: 'embeddingsModel',
  faithfulness: 'faithfulness',
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
  #searchCore;
  #spec;
  #arrays = null;

  /**
   * core(): resolves to a core with the item-to-item bindings, for the terms and the top picks;
   * searchCore(): to one that also has the counterfactual search (the full core: the widget's
   * distilled core leaves it out). Each is loaded when first needed: a page that only searches
   * (its widgets explain the terms themselves) loads no distilled core.
   */
  constructor(core, spec, searchCore) {
    this.#core = core;
    this.#searchCore = searchCore;
    this.#spec = spec;
  }

  // `core`, holding this model.
  #loaded(core) {
    if (loaded.get(core) !== this) {
      loaded.delete(core);
      this.#arrays ??= itemToItemArrays(this.#spec);
      core.itemToItemLoad(this.#arrays);
      loaded.set(core, this);
    }
    return core;
  }

  /**
   * The history explanation JSON of request.target (default: the top pick): the model's terms, or
   * (method 'counterfactual') the fewest history items whose removal takes it out of the top k.
   */
  async explain(request) {
    const method = request.method ?? 'auto';
    if (method === 'counterfactual') return this.#counterfactual(request);
    if (method !== 'auto' && method !== 'exact') {
      throw new Error(
        `method "${method}": a distilled history model is explained by its own terms (exact) ` +
          'or by a counterfactual; use method "auto", "exact" or "counterfactual"',
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
    const core = this.#loaded(await this.#core());
    return JSON.parse(core.itemToItemExplain(items, request.target, names));
  }

  // The core's search on the model's own scores; settings as for history models (budget,
  // beam_width, exhaustive_rows, search), removal only (the core refuses the rest).
  async #counterfactual(request) {
    for (const [field, name] of Object.entries(unusedByCounterfactual)) {
      if (isGiven(field, request[field])) {
        throw new Error(`${name} does not apply to a distilled history model's counterfactual`);
      }
    }
    const items = historyItems(request.history);
    const settings = {
      ...request.settings,
      k: request.k,
      counterfactual: request.counterfactual,
      candidates: request.candidates,
      item_names: perItem(request.itemNames, items.length, 'itemNames'),
      groups: perItem(request.groups, items.length, 'groups'),
    };
    const json = this.#loaded(await this.#searchCore()).itemToItemCounterfactual(
      items,
      request.target,
      JSON.stringify(settings),
    );
    return JSON.parse(json);
  }

  /** The top `k` items of each history, the history's own items left out: { items, scores }. */
  async recommend(request) {
    const { lists, k } = recommendRequest(request);
    const core = this.#loaded(await this.#core());
    return lists.map((items, i) => {
      try {
        return JSON.parse(core.itemToItemTop(items, k));
      } catch (error) {
        throw new Error(`history ${i}: ${error.message}`);
      }
    });
  }
}
