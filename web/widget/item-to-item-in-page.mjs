// The widget's own path for a distilled item-to-item history model (`whyrec distill-history`'s
// JSON): it reads the model in the page and explains a history by the model's terms there
// (web/distilled/item-to-item.mjs, the core's to the bit), with no worker and no WebAssembly core:
// a cold page shows the reasons without waiting for either to start. Other models, methods the
// terms do not answer, and documents the JS API would refuse go to the JS API, which explains them
// or names the problem.
import { readItemToItem } from '../distilled/item-to-item.mjs';

const models = new Map();

// The methods a distilled history model answers by its terms (the JS API refuses the others).
const termMethods = [null, '', 'auto', 'exact'];

/** Whether a history model's URL names JSON (a distilled item-to-item model; else ONNX). */
export function namesJson(url) {
  return /\.json(\.gz)?([?#]|$)/i.test(url ?? '');
}

/**
 * Whether a widget's `model` and `method` attributes (null when absent) may be answered in the
 * page: the model's name says JSON and the method is its terms.
 */
export function mayExplainInPage(model, method) {
  return namesJson(model) && termMethods.includes(method);
}

/**
 * The item-to-item model at `url`, read once per URL for the page and all its widgets; null for
 * anything else, including a file that fails to load (the JS API then reports it).
 */
export function itemToItemModelAt(url) {
  const key = new URL(url, document.baseURI).href;
  if (!models.has(key)) {
    const read = fetch(key)
      .then((response) => (response.ok ? response.json() : null))
      .then((spec) => spec && readItemToItem(spec))
      .catch(() => null);
    models.set(key, read);
  }
  return models.get(key);
}
