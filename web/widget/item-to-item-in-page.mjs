// The widget's own path for a distilled item-to-item history model (`whyrec distill-history`'s
// JSON): it reads the model in the page and explains a history by the model's terms there
// (web/distilled/item-to-item.mjs, the core's to the bit), with no worker and no WebAssembly core:
// a cold page shows the reasons without waiting for either to start. Other models, methods the
// terms do not answer, and documents the JS API would refuse go to the JS API, which explains them
// or names the problem.
import { readItemToItem } from '../distilled/item-to-item.mjs';
import { fetchOnce } from './fetch-once.mjs';

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
function mayExplainInPage(model, method) {
  return namesJson(model) && termMethods.includes(method);
}

/**
 * The item-to-item model at `url`, read once per URL for the page and all its widgets; null for
 * anything else, including a file that fails to load (the JS API then reports it).
 */
export function itemToItemModelAt(url) {
  return fetchOnce(url, (text) => readItemToItem(JSON.parse(text))).catch(() => null);
}

/** The model a widget's attributes (read by `attribute(name)`) name, when read in the page. */
export function inPageModel(attribute) {
  const model = attribute('model');
  return mayExplainInPage(model, attribute('method')) ? itemToItemModelAt(model) : null;
}
