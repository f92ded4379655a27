// The MovieLens page: pick a user, see their last films and the top 10 the SASRec model
// recommends from them, click one to see why: a "Because you watched …" sentence, each film's
// contribution on a timeline, the model's attention, and how faithful the explanation is. All
// model work runs in whyrec's worker; every title is shown as text.
import { explainHistory, recommend } from '../whyrec.mjs';
import { embeddingsModelUrl, itemName, loadMovieLens, modelUrl } from './movielens-data.mjs';
import { showAttention, showExplanation } from './movielens-view.mjs';
import { element, statusLine } from '../page-helpers.mjs';

const topCount = 10;
const historyShown = 10;
const $ = (id) => document.getElementById(id);
const { setStatus, showError } = statusLine();
const scoreFormat = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
// Methods whose settings take a budget of coalitions; the seed is fixed so that a choice shows
// the same numbers every time.
const sampled = new Set(['kernel', 'permutation']);

// Only the latest request may draw, and starting one cancels the one before.
let latest = { id: 0, controller: new AbortController() };
let selected = null;

const data = await loadMovieLens().catch(showError);
if (data) start(data);

function start(data) {
  const select = $('user');
  for (const [i, user] of data.users.entries()) {
    const films = `${user.history.length} film${user.history.length === 1 ? '' : 's'}`;
    select.append(new Option(`User ${user.user} · ${films} in history`, String(i)));
  }
  select.disabled = false;
  select.addEventListener('change', () => showUser(data, data.users[select.value]));
  $('method').addEventListener('change', () => {
    $('budget').disabled = !sampled.has($('method').value);
    if (selected) explainItem(data, selected);
  });
  $('budget').addEventListener('change', () => selected && explainItem(data, selected));
  showUser(data, data.users[select.value]);
}

function begin() {
  latest.controller.abort();
  latest = { id: latest.id + 1, controller: new AbortController() };
  return latest;
}

async function showUser(data, user) {
  const request = begin();
  selected = null;
  $('results').hidden = true;
  $('explanation-title').textContent = 'Pick a film to see why it was recommended';
  $('user-summary').textContent =
    `Rated ${user.rated} films; the model reads the last ${user.history.length}.`;
  const newest = user.history.slice(-historyShown).reverse();
  const earlier = user.history.length - newest.length;
  $('history').replaceChildren(...newest.map((id) => element('li', '', itemName(data.items, id))));
  $('history-earlier').textContent = earlier ? `and ${earlier} earlier` : '';
  $('recommendations').replaceChildren();
  setStatus('Recommending…');
  try {
    const started = performance.now();
    const [top] = await recommend({ model: modelUrl, histories: [user.history], k: topCount });
    const elapsed = performance.now() - started;
    if (request !== latest) return;
    $('recommendations').replaceChildren(
      ...top.items.map((id, i) => itemButton(data, user, id, top.scores[i])),
    );
    $('recommend-time').textContent =
      `Scored all ${data.items.size} films in ${Math.round(elapsed)} ms, in your browser.`;
    setStatus('Click a film to see why it was recommended.');
  } catch (error) {
    if (request === latest) showError(error);
  }
}

function itemButton(data, user, id, score) {
  const item = data.items.get(id);
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'item';
  button.dataset.itemId = String(id);
  button.dataset.score = String(score);
  button.append(
    element('span', 'item-title', itemName(data.items, id)),
    element('span', 'item-meta', item?.genres?.split('|').join(', ') ?? ''),
    element('span', 'item-score', scoreFormat.format(score)),
  );
  button.addEventListener('click', () => {
    for (const other of $('recommendations').querySelectorAll('.item')) {
      other.removeAttribute('aria-current');
    }
    button.setAttribute('aria-current', 'true');
    explainItem(data, { user, id });
  });
  const listItem = document.createElement('li');
  listItem.append(button);
  return listItem;
}

async function explainItem(data, choice) {
  selected = choice;
  const request = begin();
  const { user, id } = choice;
  const method = $('method').value;
  const budget = Math.max(16, Number($('budget').value) || 400);
  const itemNames = user.history.map((item) => itemName(data.items, item));
  const ask = (method, extra) =>
    explainHistory({
      model: modelUrl,
      history: user.history,
      target: id,
      method,
      itemNames,
      signal: request.controller.signal,
      ...extra,
    });
  $('explanation-title').textContent = `Why “${itemName(data.items, id)}”?`;
  setStatus(`Explaining with ${$('method').selectedOptions[0].textContent}…`);
  try {
    const started = performance.now();
    const explanation = await ask(method, {
      settings: sampled.has(method) ? { budget, seed: 1 } : {},
      faithfulness: true,
      ...(method === 'integrated_gradients' ? { embeddingsModel: embeddingsModelUrl } : {}),
      onProgress: (progress) => {
        const done = progress.rowsEvaluated ?? progress.evaluations;
        if (request === latest && done) setStatus(`Evaluated ${done} histories…`);
      },
    });
    const elapsed = performance.now() - started;
    if (request !== latest) return;
    // Shown first: the charts take the width their boxes have.
    $('results').hidden = false;
    showExplanation(explanation, { itemNames, elapsed });
    setStatus(method === 'attention' ? '' : 'Reading the attention…');
    // Attention is one model call: the attention method's explanation carries it.
    const attention = method === 'attention' ? explanation : await ask('attention', {});
    if (request !== latest) return;
    showAttention(attention, { itemNames });
    setStatus('');
  } catch (error) {
    if (request === latest && error.name !== 'AbortError') showError(error);
  }
}
