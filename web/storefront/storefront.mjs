// A storefront for one demo user: their top items as product cards, each explaining itself with
// <why-recommended>. By default it shows explanations a batch job made beforehand
// (precomputed/explanations.json, by `whyrec explain`): no model runs on the page and the reasons
// are there when the cards first paint. With ?live the page ranks the user's candidates with the
// model and each widget computes its explanation in the browser once it scrolls into view (one
// worker and one ONNX Runtime session shared by all).
import { demoFolder, fetchOk, loadCsv, loadDemoData } from '../demo/demo-data.mjs';
import '../widget/why-recommended.mjs';

const topCount = 12;
const live = new URLSearchParams(location.search).has('live');
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

let latest = 0;

const data = await (live ? loadLive() : loadPrecomputed()).catch(showError);
if (data) start(data);

// Users, items, the batch job's rows (top-items.csv) and their explanations; no candidates, no
// model, no background.
async function loadPrecomputed() {
  const [meta, users, items, rows, explanation, templates] = await Promise.all([
    fetchOk('meta.json').then((response) => response.json()),
    loadCsv('users.csv'),
    loadCsv('items.csv'),
    loadCsv(new URL('top-items.csv', precomputed)),
    fetchOk(new URL('explanations.json', precomputed)).then((response) => response.json()),
    fetchOk('reasons.json').then((response) => response.json()),
  ]);
  const featureRow = (row) => meta.feature_names.map((name) => row[name]);
  // Row r of the explanation is row r of top-items.csv, already in the model's order per user.
  const rowsByUser = Map.groupBy(
    rows.map((row, r) => ({ row, r, score: explanation.model_output[r] })),
    ({ row }) => row.user_id,
  );
  return {
    users,
    itemsById: new Map(items.map((item) => [item.item_id, item])),
    featureRow,
    topFor: async (userId) => rowsByUser.get(userId) ?? [],
    explain: (why, { r }) => {
      why.explanation = explanation;
      why.reasons = templates;
      why.setAttribute('row', String(r));
    },
  };
}

// The model ranks the user's candidates here; each widget explains its item live. ONNX Runtime
// and the model's session start (and compile, streaming) while the data files load.
async function loadLive() {
  const whyrec = import('../whyrec.mjs').then((api) => {
    // The widget's small Shapley core, not the full one: predict() starts the worker, and the
    // widget's own preference would come too late.
    const core = (name) => new URL(`../../build/wasm/${name}.mjs`, import.meta.url);
    api.configureDefaults({
      coreUrl: core('whyrec_shapley'),
      whiteBoxCoreUrl: core('whyrec_white_box'),
    });
    return api;
  });
  const warm = Promise.all([fetchOk('meta.json').then((r) => r.json()), whyrec]).then(
    ([meta, { predict }]) =>
      predict({
        model: new URL(meta.model, demoFolder).href,
        rows: [meta.feature_names.map(() => 0)],
        output: meta.output,
      }),
  );
  const [data, { predict }] = await Promise.all([loadDemoData(), whyrec, warm]);
  return {
    ...data,
    topFor: async (userId) => {
      const candidates = data.candidatesByUser.get(userId) ?? [];
      const scores = await predict({
        model: data.modelUrl,
        rows: candidates.map(data.featureRow),
        output: data.output,
      });
      return candidates
        .map((row, i) => ({ row, score: scores[i] }))
        .sort((a, b) => b.score - a.score)
        .slice(0, topCount);
    },
    explain: (why) => {
      why.setAttribute('model', data.modelUrl);
      why.setAttribute('output', data.output);
      why.setAttribute('background', new URL('background.csv', demoFolder).href);
      why.setAttribute('reasons', new URL('reasons.json', demoFolder).href);
    },
  };
}

function start(data) {
  const select = $('user');
  for (const user of data.users) select.append(new Option(user.name, user.user_id));
  select.disabled = false;
  select.addEventListener('change', () => showUser(data, select.value).catch(showError));
  showUser(data, select.value).catch(showError);
}

async function showUser(data, userId) {
  const request = ++latest;
  const user = data.users.find((candidate) => candidate.user_id === userId);
  $('user-summary').textContent =
    `${user.name} usually spends ${price.format(user.usual_spend)} and likes ` +
    `${user.favourite_categories.split(';').join(' and ')}.`;
  if (live) $('status').textContent = 'Finding recommendations…';
  const top = await data.topFor(userId);
  if (request !== latest) return;
  $('products').replaceChildren(...top.map((entry) => card(data, entry)));
  $('status').textContent = '';
}

function card(data, entry) {
  const item = data.itemsById.get(entry.row.item_id);
  const product = element('li', 'product');
  product.dataset.itemId = item.item_id;
  product.dataset.score = String(entry.score);
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
  title.id = `title-${item.item_id}`;
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
