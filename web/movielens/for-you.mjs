// "Recommended for you" for a MovieLens user: the films a history model picks after their last
// films, as cards, each saying why with <why-recommended> in history mode ("Because you watched
// Heat"). By default the model is SASRec's distilled item-to-item model
// (examples/movielens/sasrec_distilled.json, `whyrec distill-history`): it ranks the films and
// explains each pick by its own terms, exactly, in the widget's small distilled core, with no ONNX
// Runtime on the page. With ?onnx the model is SASRec itself (ONNX Runtime, the full core, Kernel
// SHAP). With ?counterfactual the top pick's card (its widget alone has the attribute) also says
// which film, had the user not watched it, would change that pick ("You'd see other picks if you
// hadn't watched Heat"): the search runs in the full core, which the widget loads after showing
// the reasons. Every title is data, shown as text.
import { configureDefaults, recommend } from '../whyrec.mjs';
import { element } from '../page-helpers.mjs';
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

// The widget's choice of cores, made before the first job: the page's own recommend() call runs
// in the same worker.
const core = (name) => new URL(`../../build/wasm/${name}.mjs`, import.meta.url);
configureDefaults({
  distilledCoreUrl: core('whyrec_distilled'),
  historyCoreUrl: core('whyrec_core'),
});

// A head start, not waited for: the worker, its core and the model are read while the page loads
// the rest (a model that fails here fails again below, and says so).
recommend({ model, histories: [[]], k: 1 }).catch(() => {});
const data = await load().catch(showError);
if (data) start(data);

// The titles, and the first users' histories (histories.csv: one line per user, oldest first).
async function load() {
  const [items, histories] = await Promise.all(['items.csv', 'histories.csv'].map(fetchText));
  return {
    items: parseItemsCsv(items, 'items.csv'),
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
  const [top] = await recommend({ model, histories: [history], k: picks });
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

async function fetchText(file) {
  const response = await fetch(new URL(file, folder));
  if (!response.ok) throw new Error(`could not load ${file}: HTTP ${response.status}`);
  return response.text();
}

// Viewers read an apology; the cause goes to the console for developers.
function showError(error) {
  console.error('for-you:', error);
  $('status').textContent = 'Sorry, your recommendations could not be loaded. Please try again.';
  $('status').classList.add('error');
}
