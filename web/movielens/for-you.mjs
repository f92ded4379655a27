// "Recommended for you" for a MovieLens user: the films a history model picks after their last
// films, as cards, each saying why with <why-recommended> in history mode ("Because you watched
// Heat"). By default the model is SASRec's distilled item-to-item model
// (examples/movielens/sasrec_distilled.json, `whyrec distill-history`): the page ranks the films
// and the widgets explain each pick by the model's own terms, exactly, in the page itself
// (web/distilled/item-to-item.mjs), with no worker, no WebAssembly core and no ONNX Runtime. With
// ?onnx the model is SASRec itself (the JS API: ONNX Runtime, the full core, Kernel SHAP). With
// ?counterfactual the top pick's card (its widget alone has the attribute) also says which film,
// had the user not watched it, would change that pick ("You'd see other picks if you hadn't
// watched Heat"): the search runs in the JS API's full core, which the widget loads after showing
// the reasons. Every title is data, shown as text.
import { itemToItemTop } from '../distilled/item-to-item.mjs';
import { element } from '../page-helpers.mjs';
import { itemToItemModelAt } from '../widget/item-to-item-in-page.mjs';
import { fetchOnce } from '../widget/fetch-once.mjs';
import { historyApi } from '../widget/history-mode.mjs';
import { parseItemsCsv } from '../widget/items-csv.mjs';
import '../widget/why-recommended.mjs';

const folder = new URL('../../examples/movielens/', import.meta.url);
const options = new URLSearchParams(location.search);
const modelFile = options.has('onnx') ? 'sasrec.onnx' : 'sasrec_distilled.json';
const counterfactual = options.has('counterfactual');
const model = new URL(modelFile, folder).href;
const itemsUrl = new URL('items.csv', folder).href;
const users = 30;
const picks = 6;
const $ = (id) => document.getElementById(id);
// Only the latest choice of user draws its cards.
let latest = 0;

// The distilled model read in the page, once for the page and its widgets (null when the page
// cannot read it: the JS API then ranks, or names the problem).
const inPage = options.has('onnx') ? Promise.resolve(null) : itemToItemModelAt(model);

// A head start, not waited for: the JS API's worker, its core and the ONNX model load while the
// page loads the rest (a model that fails here fails again below, and says so).
if (options.has('onnx')) jsApiRecommend([[]], 1).catch(() => {});
const data = await load().catch(showError);
if (data) start(data);

// The titles, and the first users' histories (histories.csv: one line per user, oldest first).
async function load() {
  // The titles are the widgets' too: fetched and parsed once for the page and all its widgets.
  const [items, histories] = await Promise.all([
    fetchOnce(itemsUrl, parseItemsCsv),
    fetchOnce(new URL('histories.csv', folder), (text) => text),
  ]);
  return {
    items,
    histories: histories
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '')
      .slice(0, users)
      .map((line) => line.split(',').map(Number)),
  };
}

function start(data) {
  const select = $('user');
  data.histories.forEach((_, i) => select.append(new Option(`User ${i + 1}`, String(i))));
  select.disabled = false;
  select.addEventListener('change', () =>
    showUser(data, data.histories[select.value]).catch(showError),
  );
  showUser(data, data.histories[0]).catch(showError);
}

async function showUser(data, history) {
  const choice = ++latest;
  const name = (id) => data.items.get(id)?.name ?? `item ${id}`;
  const last = history.slice(-3).reverse().map(name);
  $('user-summary').textContent =
    `${history.length} films in your history; the last: ${last.join(', ')}.`;
  const read = await inPage;
  const [top] = read
    ? [itemToItemTop(read, history, picks)]
    : await jsApiRecommend([history], picks);
  if (choice !== latest) return;
  $('films').replaceChildren(
    ...top.items.map((id, rank) => card(data.items.get(id), id, history, rank)),
  );
}

function card(item, id, history, rank) {
  const title = item?.name ?? `item ${id}`;
  const film = element('li', 'product');
  const picture = element('div', 'picture', (item?.genres ?? '').split('|')[0] || 'Film');
  const body = element('div', 'body');
  const why = document.createElement('why-recommended');
  why.setAttribute('heading', 'Why we recommend this');
  why.setAttribute('region-label', `Why we recommend ${title}`);
  why.setAttribute('history', history.join(' '));
  why.setAttribute('item', String(id));
  why.setAttribute('model', model);
  why.setAttribute('items', itemsUrl);
  // Only the top pick can be changed by removing films: the other cards would search for nothing.
  if (counterfactual && rank === 0) why.setAttribute('counterfactual', '');
  body.append(element('h2', 'title', title), why);
  film.append(picture, body);
  return film;
}

// The JS API's recommend, with the widgets' choice of cores (the page's job and theirs run in the
// same worker).
async function jsApiRecommend(histories, k) {
  const { recommend } = await historyApi();
  return recommend({ model, histories, k });
}

// Viewers read an apology; the cause goes to the console for developers.
function showError(error) {
  console.error('for-you:', error);
  $('status').textContent = 'Sorry, your recommendations could not be loaded. Please try again.';
  $('status').classList.add('error');
}
