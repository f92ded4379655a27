// A storefront for one demo user: their top items as product cards, each explaining itself with
// <why-recommended>. The cards share one worker and one ONNX Runtime session; each widget
// computes when it scrolls into view.
import { loadDemoData } from '../demo/demo-data.mjs';
import { predict } from '../whyrec.mjs';
import '../widget/why-recommended.mjs';

const topCount = 12;
const demo = new URL('../../examples/demo/', import.meta.url);
const $ = (id) => document.getElementById(id);
const price = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR' });
const tints = {
  Sports: '#3f8f6b',
  Outdoors: '#5b7f3a',
  Kitchen: '#b5673b',
  Electronics: '#3d5f9e',
  Books: '#8a5a9b',
  Beauty: '#c0577a',
  Home: '#9a7b4f',
  Toys: '#d08a2c',
};

let latest = 0;

const data = await loadDemoData().catch(showError);
if (data) start(data);

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
  $('status').textContent = 'Finding recommendations…';
  const candidates = data.candidatesByUser.get(userId) ?? [];
  const scores = await predict({
    model: data.modelUrl,
    rows: candidates.map(data.featureRow),
    output: data.output,
  });
  if (request !== latest) return;
  const ranked = candidates
    .map((row, i) => ({ row, score: scores[i], item: data.itemsById.get(row.item_id) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, topCount);
  $('products').replaceChildren(...ranked.map((entry) => card(data, entry)));
  $('status').textContent = '';
}

function card(data, { row, score, item }) {
  const product = element('li', 'product');
  product.dataset.itemId = item.item_id;
  product.dataset.score = String(score);
  const picture = element('div', 'picture', item.category);
  picture.style.setProperty('--tint', tints[item.category] ?? '#7b8aa0');
  if (item.discount_pct > 0) picture.append(element('span', 'badge', `−${item.discount_pct}%`));
  const body = element('div', 'body');
  const priceLine = element('div', 'price-line');
  priceLine.append(
    element('span', 'price', price.format(item.price)),
    element('span', 'rating', `★ ${item.rating.toFixed(1)}`),
  );
  const why = document.createElement('why-recommended');
  why.setAttribute('model', data.modelUrl);
  why.setAttribute('output', data.output);
  why.setAttribute('background', new URL('background.csv', demo).href);
  why.setAttribute('reasons', new URL('reasons.json', demo).href);
  why.setAttribute('instance', JSON.stringify(data.featureRow(row)));
  body.append(
    element('h2', 'title', item.title),
    element('span', 'meta', `${item.category} · ${item.brand}`),
    priceLine,
    why,
  );
  product.append(picture, body);
  return product;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function showError(error) {
  $('status').textContent = `Something went wrong: ${error.message}`;
  $('status').classList.add('error');
}
