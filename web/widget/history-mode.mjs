// <why-recommended>'s history mode: a recommendation made from the user's history of items is
// explained by the items that led to it ("Because you watched Heat and Ronin").
//
//   <why-recommended history="12 45 7" item="77" model="sasrec.onnx" items="items.csv"
//     verb="watched"></why-recommended>
//
// The model is an ONNX history model or a distilled item-to-item model (`whyrec distill-history`'s
// JSON, model="sasrec_distilled.json"), which explains itself exactly by its terms: the widget
// computes them in the page (item-to-item-in-page.mjs), with no worker, no WebAssembly core and no
// ONNX Runtime.
//
// With a `counterfactual` attribute it adds, when the search finds one or two items whose removal
// would change the top pick, "You'd see other picks if you hadn't watched Heat".
//
// The widget imports this module only for such widgets, so pages of feature-based widgets do not
// download it.
import { itemToItemExplanation } from '../distilled/item-to-item.mjs';
import { fetchOnce } from './fetch-once.mjs';
import { counterfactualLine, historyReasons } from './history-reasons.mjs';
import { inPageModel, namesJson } from './item-to-item-in-page.mjs';
import { parseItemsCsv } from './items-csv.mjs';

// Methods whose settings take a budget of coalitions and a seed.
const sampled = new Set(['kernel', 'permutation', 'auto']);
// The counterfactual search of each live explanation that asked for one, running or done (the
// widget hands the explanation back to counterfactualReasons), kept out of the explanation's JSON.
const searches = new WeakMap();

/**
 * Item ids from an attribute (`history`, `item`): non-negative integers in digits, as the JS API
 * and the CLI take them (Number() alone would also read "0x1F" or "1e3"), spaces or commas between.
 */
export function parseIds(text, attribute) {
  const ids = String(text ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((word) => (/^\d+$/.test(word) ? Number(word) : NaN));
  if (ids.length === 0 || !ids.every(Number.isSafeInteger)) {
    throw new Error(`${attribute}="${text}": give item ids, non-negative integers, spaces between`);
  }
  return ids;
}

/**
 * Starts loading what a widget (attributes read by `attribute(name)`) will need once seen: its
 * titles and its model, read in the page when it can be, else the JS API and its worker.
 */
export function preloadAttributes(attribute) {
  if (attribute('items')) fetchOnce(attribute('items'), parseItemsCsv).catch(() => {});
  return Promise.resolve(inPageModel(attribute)).then((read) => read ?? historyApi());
}

/**
 * Explains a widget's history live from its attributes (read by `attribute(name)`): history,
 * item, items (titles, shared with the page: fetchOnce), model, method and budget.
 * `titlesFailed(error)` is told why a titles file could not be read (the reasons then name items
 * by id).
 */
export async function explainAttributes(attribute, titlesFailed = () => {}) {
  const history = parseIds(attribute('history'), 'history');
  const target = attribute('item') === null ? [] : parseIds(attribute('item'), 'item');
  const model = attribute('model');
  const method = attribute('method');
  // Read while the titles load.
  const inPage = inPageModel(attribute);
  // Titles that fail to load cost the wording ("item 12"), not the reasons.
  const titles = attribute('items')
    ? await fetchOnce(attribute('items'), parseItemsCsv).catch((error) => {
        titlesFailed(error);
        return null;
      })
    : null;
  const request = {
    model,
    history,
    target: target[0],
    itemNames: history.map((id) => titles?.get(id)?.name ?? `item ${id}`),
  };
  const read = await inPage;
  const explanation = read
    ? itemToItemExplanation(read, history, request.target, request.itemNames)
    : await explainHistoryLive({ ...request, method, budget: Number(attribute('budget')) || 400 });
  // Started, not waited for: the reasons are shown first, and again with the line when it ends.
  if (attribute('counterfactual') !== null) {
    searches.set(explanation, topPickCounterfactual({ ...request, target: explanation.target[0] }));
  }
  return explanation;
}

/**
 * The fewest history items whose removal takes `target` off the top of the recommendations
 * (explainHistory's JSON, method 'counterfactual', k 1), or null when `target` is not the top
 * pick (the core ranks it among the items the history does not hold, and says so), so that no
 * removal can make it stop being one. A failed search costs the line, not the reasons: it is a
 * console warning.
 */
async function topPickCounterfactual({ model, history, target, itemNames }) {
  const { explainHistory } = await historyApi();
  try {
    return await explainHistory({
      model: new URL(model, document.baseURI).href,
      history,
      target,
      itemNames,
      method: 'counterfactual',
      k: 1,
    });
  } catch (error) {
    if (!/ is not in the top 1 /.test(error.message)) {
      console.warn(`<why-recommended>: no counterfactual line: ${error.message}`);
    }
    return null;
  }
}

/**
 * The JS API, its history cores chosen: the full core (historyCoreUrl), which has the history
 * explainers and the counterfactual search (the widget's small cores, which tabular widgets on
 * the same page keep using, do not), and the small distilled core for item-to-item models.
 */
export async function historyApi() {
  const whyrec = await import('../whyrec.mjs');
  const core = (name) => new URL(`../../build/wasm/${name}.mjs`, import.meta.url);
  whyrec.configureDefaults({
    historyCoreUrl: core('whyrec_core'),
    distilledCoreUrl: core('whyrec_distilled'),
  });
  return whyrec;
}

/**
 * Explains `history` with the JS API. An ONNX model: Kernel SHAP on `budget` coalitions with a
 * fixed seed by default, so that a page shows the same reasons on every visit. A distilled
 * item-to-item model (JSON) the page did not read: by its own terms, in the small distilled core.
 */
async function explainHistoryLive({ model, history, target, itemNames, method, budget }) {
  const distilled = namesJson(model);
  const chosen = method || (distilled ? 'auto' : 'kernel');
  const { explainHistory } = await historyApi();
  return explainHistory({
    model: new URL(model, document.baseURI).href,
    history,
    target,
    method: chosen,
    settings: sampled.has(chosen) && !distilled ? { budget, seed: 1 } : {},
    itemNames,
  });
}

/**
 * The widget's reasons again once the counterfactual search of `explanation` (if it has one)
 * ends, with its line: a promise of [reason], or of null when there is no line to add.
 */
export async function counterfactualReasons(explanation, options) {
  const search = await searches.get(explanation);
  const reason = search && historyReason(explanation, options, search);
  return reason?.counterfactual ? [reason] : null;
}

/**
 * The widget's one reason for a history explanation: the sentence and its parts, and after it
 * the line of a counterfactual `search` that found one (`counterfactual`: its items).
 */
export function historyReason(explanation, { row, verb, maxItems }, search = null) {
  const reason = historyReasons(explanation, { row, verb, maxItems });
  const line = search ? counterfactualLine(search, { verb }) : null;
  const separator = reason.parts.length > 0 ? [{ text: '. ' }] : [];
  const parts = line ? [...reason.parts, ...separator, ...line.parts] : reason.parts;
  return {
    feature: reason.items.map((item) => item.name).join('\n'),
    value: reason.items.reduce((sum, item) => sum + item.value, 0),
    sign: reason.sign,
    share: reason.share,
    text: parts.map((part) => part.text).join(''),
    parts,
    items: reason.items,
    counterfactual: line?.items ?? null,
  };
}
