// The demo page: pick a user, see their top 10 items as scored by the click-through MLP, click
// one to see its exact Shapley values as a waterfall. All model work runs in whyrec's worker.
import { waterfall } from '../charts/waterfall.mjs';
import { explain, predict } from '../whyrec.mjs';
import { loadDemoData } from './demo-data.mjs';
import { formats, element, statusLine } from '../page-helpers.mjs';

const topCount = 10;
const $ = (id) => document.getElementById(id);
const { fixed, signed } = formats;
const { setStatus, showError } = statusLine();
// The demo data's prices are in euros (examples/demo/README.md).
const price = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR' });
const percent = new Intl.NumberFormat('en-US', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

// Only the latest request may draw: a user can click faster than the model answers.
let latestRequest = 0;

const data = await loadDemoData().catch(showError);
if (data) start(data);

function start(data) {
  const select = $('user');
  for (const user of data.users) {
    select.append(new Option(`${user.name} (${user.user_id})`, user.user_id));
  }
  select.disabled = false;
  select.addEventListener('change', () => showUser(data, select.value).catch(showError));
  showUser(data, select.value).catch(showError);
}

async function showUser(data, userId) {
  const request = ++latestRequest;
  const user = data.users.find((candidate) => candidate.user_id === userId);
  $('user-summary').textContent =
    `Usually spends ${price.format(user.usual_spend)} · ` +
    `likes ${user.favourite_categories.split(';').join(', ')}`;
  clearExplanation();
  setStatus('Scoring candidates…');
  const candidates = data.candidatesByUser.get(userId) ?? [];
  const probabilities = await predict({
    model: data.modelUrl,
    rows: candidates.map(data.featureRow),
    output: data.output,
  });
  if (request !== latestRequest) return;
  const ranked = candidates
    .map((row, i) => ({
      row,
      probability: probabilities[i],
      item: data.itemsById.get(row.item_id),
    }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, topCount);
  $('items').replaceChildren(...ranked.map((entry) => itemButton(data, entry)));
  setStatus(`Scored ${candidates.length} candidates. Click an item to see why.`);
}

function itemButton(data, { row, probability, item }) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'item';
  // Full precision for anyone checking the numbers (the tests do).
  button.dataset.probability = String(probability);
  button.dataset.itemId = item.item_id;
  button.append(
    element('span', 'item-title', item.title),
    element('span', 'item-meta', `${item.category} · ${item.brand}`),
    element('span', 'item-price', price.format(item.price)),
    element('span', 'item-score', percent.format(probability)),
  );
  button.addEventListener('click', () => {
    for (const other of $('items').querySelectorAll('.item')) other.removeAttribute('aria-current');
    button.setAttribute('aria-current', 'true');
    explainItem(data, row, item).catch(showError);
  });
  const listItem = document.createElement('li');
  listItem.append(button);
  return listItem;
}

async function explainItem(data, row, item) {
  const request = ++latestRequest;
  clearExplanation();
  $('explanation-title').textContent = `Why “${item.title}”?`;
  $('explanation-subtitle').textContent = 'Computing exact Shapley values…';
  setStatus('Computing exact Shapley values…');
  const started = performance.now();
  const explanation = await explain({
    model: data.modelUrl,
    instance: data.featureRow(row),
    background: data.background,
    featureNames: data.featureNames,
    method: 'exact',
    output: data.output,
    onProgress: ({ rowsEvaluated }) => {
      if (request === latestRequest) setStatus(`Evaluated ${number.format(rowsEvaluated)} rows…`);
    },
  });
  const elapsed = performance.now() - started;
  if (request !== latestRequest) return;
  showExplanation(data, row, explanation, elapsed);
  setStatus('');
}

function showExplanation(data, row, explanation, elapsed) {
  const [values] = explanation.values;
  const [output] = explanation.model_output;
  const contributions = explanation.feature_names
    .map((name, j) => ({ name, value: values[j], featureValue: row[name] }))
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value));

  $('explanation-subtitle').textContent =
    'How each feature moved the predicted click probability away from its average over ' +
    `${data.background.length} background rows.`;
  showStat('base-value', explanation.base_value, fixed.format(explanation.base_value));
  showStat('model-output', output, fixed.format(output));
  showStat('evaluations', explanation.evaluations, number.format(explanation.evaluations));
  showStat('elapsed', elapsed, `${Math.round(elapsed)} ms`);
  $('stats').hidden = false;

  $('waterfall').replaceChildren(
    waterfall(explanation, {
      instance: data.featureRow(row),
      labels: data.featureLabels,
      outputLabel: 'Model output for this item',
      axisLabel: 'Predicted click probability →',
      width: $('waterfall').clientWidth,
    }),
  );

  const rows = contributions.map((c) => {
    const tableRow = document.createElement('tr');
    tableRow.dataset.player = c.name;
    tableRow.dataset.contribution = String(c.value);
    tableRow.append(
      element('td', '', data.featureLabels[c.name] ?? c.name),
      element('td', 'number', number.format(c.featureValue)),
      element('td', c.value >= 0 ? 'number up' : 'number down', signed.format(c.value)),
    );
    return tableRow;
  });
  $('contributions').tBodies[0].replaceChildren(...rows);
  $('contributions').hidden = false;
}

function showStat(id, value, text) {
  $(id).textContent = text;
  $(id).dataset.value = String(value);
}

function clearExplanation() {
  $('stats').hidden = true;
  $('contributions').hidden = true;
  $('waterfall').replaceChildren();
}
