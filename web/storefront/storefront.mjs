// A storefront for one demo user: their recommended items as product cards, each explaining
// itself with <why-recommended>. The recommendations are a batch job's (precomputed/top-items.csv:
// each user's 12 best candidates by the model, as a shop's recommender would send them). By
// default the explanations are the same job's too (precomputed/explanations.json, by
// `whyrec explain`): no model runs on the page and the reasons are there when the cards first
// paint. With ?live each widget explains its item in the browser once it scrolls into view (one
// worker and one ONNX Runtime session shared by all). With ?distilled each widget explains the
// model's distilled GA2M (examples/demo/ctr_mlp_distilled.json) in the browser, exactly, in closed
// form, in the page itself: no worker, no WebAssembly, no ONNX Runtime and no ONNX model.
import { demoFolder, fetchOk, loadCsv } from '../demo/demo-data.mjs';
// The widget and the JS API as the build bundles them (build/web/): one module each.
import { preloadModel } from '../../build/web/why-recommended.mjs';

const query = new URLSearchParams(location.search);
// Live modes: the model in place of meta.json's (the distilled one is explained in its margin,
// the log-odds, its first output), or false.
const live = query.has('distilled')
  ? { model: 'ctr_mlp_distilled.json', output: null }
  : query.has('live') && {};
const precomputed = new URL('precomputed/', import.meta.url);
const $ = (id) => document.getElementById(id);
const price = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR' });
// Dark enough for white text at 4.5:1 or more.
const tints = {
  Sports: '#347a5b',
  Outdoors: '#55763a',
  Kitchen: '#9a5c33',
  Electronics: '#3d5f9e',
  Books: '#8a5a9b',
  Beauty: '#a84a69',
  Home: '#8f6a3f',
  Toys: '#9a6418',
};

const data = await loadShop().catch(showError);
if (data) start(data);

// Users, items and the recommendations; precomputed, their explanations and the reasons file;
// ?live, the worker, its core and the model (ONNX Runtime's session: compiled, streaming) start
// meanwhile (?distilled needs no head start: each widget reads the model when it connects).
async function loadShop() {
  const json = (file) => fetchOk(file).then((response) => response.json());
  const meta = json('meta.json').then((meta) => ({ ...meta, ...live }));
  // Only a head start, not waited for: a model that fails here fails in each widget, which says so.
  if (live.model) preloadModel(new URL(live.model, demoFolder).href);
  else if (live) {
    meta.then(warmUp).catch((error) => console.warn('storefront: warm-up:', error));
  }
  const [{ feature_names: names, ...model }, users, items, rows, [shared, templates]] =
    await Promise.all([
      meta,
      loadCsv('users.csv'),
      loadCsv('items.csv'),
      loadCsv(new URL('top-items.csv', precomputed)),
      // The reasons file and, live, the background rows of every widget, else the explanations.
      Promise.all([
        live
          ? meta.then(({ background }) => loadCsv(background))
          : json(new URL('explanations.json', precomputed)),
        json('reasons.json'),
      ]),
    ]);
  const featureRow = (row) => names.map((name) => row[name]);
  return {
    users,
    itemsById: new Map(items.map((item) => [item.item_id, item])),
    featureRow,
    // Row r of the explanation is row r of top-items.csv, in the model's order per user.
    rowsByUser: Map.groupBy(
      rows.map((row, r) => ({ row, r })),
      ({ row }) => row.user_id,
    ),
    explain: live
      ? explainLive(model, { names, background: shared.map(featureRow), templates })
      : showPrecomputed(shared, templates),
  };
}

function showPrecomputed(explanation, templates) {
  return (why, { r }) => {
    why.explanation = explanation;
    why.reasons = templates;
    why.setAttribute('row', String(r));
  };
}

// Every widget gets the page's background rows and reasons file, read once.
function explainLive({ model, output }, { names, background, templates }) {
  return (why) => {
    why.setAttribute('model', new URL(model, demoFolder).href);
    if (output) why.setAttribute('output', output);
    why.featureNames = names;
    why.background = background;
    why.reasons = templates;
  };
}

// The widget's core, configured before the first job (the worker keeps the first choice), and
// the ONNX model read (its session opened) by predicting no rows while the page loads the rest.
async function warmUp({ model, output }) {
  const { configureDefaults, predict } = await import('../../build/web/whyrec.mjs');
  const core = (name) => new URL(`../../build/wasm/${name}.mjs`, import.meta.url);
  configureDefaults({ coreUrl: core('whyrec_shapley'), whiteBoxCoreUrl: core('whyrec_white_box') });
  await predict({ model: new URL(model, demoFolder).href, rows: [], output: output ?? undefined });
}

function start(data) {
  const select = $('user');
  for (const user of data.users) select.append(new Option(user.name, user.user_id));
  select.disabled = false;
  select.addEventListener('change', () => showUser(data, select.value));
  showUser(data, select.value);
}

function showUser(data, userId) {
  const user = data.users.find((candidate) => candidate.user_id === userId);
  $('user-summary').textContent =
    `${user.name} usually spends ${price.format(user.usual_spend)} and likes ` +
    `${user.favourite_categories.split(';').join(' and ')}.`;
  const top = data.rowsByUser.get(userId) ?? [];
  $('products').replaceChildren(...top.map((entry) => card(data, entry)));
}

function card(data, entry) {
  const item = data.itemsById.get(entry.row.item_id);
  const product = element('li', 'product');
  product.dataset.itemId = item.item_id;
  const picture = element('div', 'picture', item.category);
  picture.style.setProperty('--tint', tints[item.category] ?? '#5f6f86');
  if (item.discount_pct > 0) picture.append(element('span', 'badge', `−${item.discount_pct}%`));
  const body = element('div', 'body');
  const priceLine = element('div', 'price-line');
  priceLine.append(
    element('span', 'price', price.format(item.price)),
    element('span', 'rating', `★ ${item.rating.toFixed(1)}`),
  );
  const title = element('h2', 'title', item.title);
  const why = document.createElement('why-recommended');
  // Each widget's region is named after its product, so that no two regions share a name.
  why.setAttribute('heading', 'Why we recommend this');
  why.setAttribute('region-label', `Why we recommend ${item.title}`);
  why.setAttribute('instance', JSON.stringify(data.featureRow(entry.row)));
  data.explain(why, entry);
  body.append(title, element('span', 'meta', `${item.category} · ${item.brand}`), priceLine, why);
  product.append(picture, body);
  return product;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Shoppers read an apology; the cause (URLs, status codes) goes to the console for developers.
function showError(error) {
  console.error('storefront:', error);
  $('status').textContent = 'Sorry, your recommendations could not be loaded. Please try again.';
  $('status').classList.add('error');
}
