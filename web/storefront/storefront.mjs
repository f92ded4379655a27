// A storefront for one demo shopper: their recommended items as product cards, each explaining
// itself with <why-recommended>. The page fetches what a shop's server would send for that shopper
// (?user=ID, u001 by default): precomputed/recommendations/ID.json, the batch job's 12 best items
// for them by the model, as the cards show them, with the model's features. By default the
// explanations are the same job's too (precomputed/explanations/ID.json, by `whyrec explain`): no
// model runs on the page and the reasons are there when the cards first paint. With ?live each
// widget explains its item in the browser once it scrolls into view (one worker and one ONNX
// Runtime session shared by all). With ?distilled each widget explains a distilled GA2M of the
// model in the browser, exactly, in closed form, in the page itself: no worker, no WebAssembly, no
// ONNX Runtime and no ONNX model. The GA2M is the one `whyrec distill --search` picks for the MLP
// (examples/demo/ctr_mlp_picked.json: the smallest within 1% of the best fidelity, 7.6 KB gzipped),
// which a cold page reads and explains in a third of the recipe's main-thread time
// (bench/README.md, "The search's pick on the page").
// The widget as the build bundles it (build/web/): one module.
import { preload } from '../../build/web/why-recommended.mjs';

const query = new URLSearchParams(location.search);
// The same default as the page's <head>, which starts these downloads.
const firstShopper = query.get('user') ?? 'u001';
const precomputed = new URL('precomputed/', import.meta.url);
const shopperFile = (folder, id) =>
  new URL(`${folder}/${encodeURIComponent(id)}.json`, precomputed);
const demoFile = (file) => new URL(`../../examples/demo/${file}`, import.meta.url).href;
// The page's own fetch, not the demo's data module: one module fewer for a cold page to wait for.
async function json(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  return response.json();
}
const $ = (id) => document.getElementById(id);
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

const reasons = json(demoFile('reasons.json'));
const explainer = query.has('distilled')
  ? distilled()
  : query.has('live')
    ? live()
    : precomputedExplanations;
let shown = 0;

// The shopper menu waits until the page is idle: after the first cards' reasons.
showShopper(firstShopper)
  .then(() => new Promise((resolve) => (window.requestIdleCallback ?? setTimeout)(resolve)))
  .then(() => listShoppers(firstShopper))
  .catch(showError);

// The widgets explain the distilled model in the page, reading it and the background themselves
// (each file once for all of them), as they connect: the reads start now, with the page's first
// module, so that both are there when the cards are.
function distilled() {
  const files = {
    model: demoFile('ctr_mlp_picked.json'),
    background: demoFile('background.csv'),
  };
  preload(files);
  return async () => {
    const templates = await reasons;
    return (why, names) => {
      why.setAttribute('model', files.model);
      why.setAttribute('background', files.background);
      why.featureNames = names;
      why.reasons = templates;
    };
  };
}

// The widget's core, configured before the first job (the worker keeps the first choice), and the
// ONNX model read (its session opened) by predicting no rows while the page loads the rest.
function live() {
  const ready = json(demoFile('meta.json')).then(async ({ model, output }) => {
    const { configureDefaults, predict } = await import('../../build/web/whyrec.mjs');
    const core = (name) => new URL(`../../build/wasm/${name}.mjs`, import.meta.url);
    configureDefaults({
      coreUrl: core('whyrec_shapley'),
      whiteBoxCoreUrl: core('whyrec_white_box'),
    });
    const warmUp = predict({ model: demoFile(model), rows: [], output });
    // Only a head start: a model that fails here fails in each widget, which says so.
    warmUp.catch((error) => console.warn('storefront: warm-up:', error));
    return { model: demoFile(model), output };
  });
  return async () => {
    const [{ model, output }, templates] = await Promise.all([ready, reasons]);
    return (why, names) => {
      why.setAttribute('model', model);
      if (output) why.setAttribute('output', output);
      why.setAttribute('background', demoFile('background.csv'));
      why.featureNames = names;
      why.reasons = templates;
    };
  };
}

// The batch job's explanation of the shopper's items, row r explaining item r.
async function precomputedExplanations(shopperId) {
  const [explanation, templates] = await Promise.all([
    json(shopperFile('explanations', shopperId)),
    reasons,
  ]);
  return (why, names, row) => {
    why.explanation = explanation;
    why.reasons = templates;
    why.setAttribute('row', String(row));
  };
}

async function showShopper(shopperId) {
  const showing = ++shown;
  const [page, explain] = await Promise.all([
    json(shopperFile('recommendations', shopperId)),
    explainer(shopperId),
  ]);
  // A shopper chosen meanwhile is shown instead.
  if (showing !== shown) return;
  const { shopper, items, feature_names: names } = page;
  $('user-summary').textContent =
    `${shopper.name} usually spends ${shopper.usual_spend} and likes ` +
    `${shopper.favourite_categories.join(' and ')}.`;
  $('products').replaceChildren(
    ...items.map((item, row) => card(item, (why) => explain(why, names, row))),
  );
}

async function listShoppers(current) {
  const select = $('user');
  for (const { user_id: id, name } of await json(new URL('shoppers.json', precomputed))) {
    select.append(new Option(name, id, false, id === current));
  }
  select.disabled = false;
  select.addEventListener('change', () => {
    const url = new URL(location.href);
    url.searchParams.set('user', select.value);
    history.replaceState(null, '', url);
    showShopper(select.value).catch(showError);
  });
}

function card(item, explain) {
  const product = element('li', 'product');
  product.dataset.itemId = item.item_id;
  const picture = element('div', 'picture', item.category);
  picture.style.setProperty('--tint', tints[item.category] ?? '#5f6f86');
  if (item.discount_pct > 0) picture.append(element('span', 'badge', `−${item.discount_pct}%`));
  const body = element('div', 'body');
  const priceLine = element('div', 'price-line');
  priceLine.append(
    element('span', 'price', item.price),
    element('span', 'rating', `★ ${item.rating.toFixed(1)}`),
  );
  const title = element('h2', 'title', item.title);
  const why = document.createElement('why-recommended');
  // Each widget's region is named after its product, so that no two regions share a name.
  why.setAttribute('heading', 'Why we recommend this');
  why.setAttribute('region-label', `Why we recommend ${item.title}`);
  why.instance = item.features;
  explain(why);
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
