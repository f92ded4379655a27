// The dashboard's History tab: a model that reads histories, the histories and item titles (the
// user's files or the MovieLens example), one history's recommendation explained with the chosen
// method (with progress and cancel), its attention on demand, the explanation's JSON, and on
// request the fewest items whose removal would change it (a counterfactual). All model work runs
// in whyrec's worker. An error says where and what; the newest replaces the one before, and a
// success clears it: nothing falls back to other data silently.
import { explainHistory, recommend } from '../whyrec.mjs';
import { hideCounterfactual, showCounterfactual } from './history-counterfactual.mjs';
import {
  chosenCounterfactualK,
  chosenRequest,
  expectedCalls,
  offerMethods,
  showMethodSettings,
} from './history-form.mjs';
import {
  historiesFromFile,
  itemLabel,
  itemsFromFile,
  movieLensSources,
  onnxFromFile,
  titleOf,
} from './history-sources.mjs';
import { drawAttention, redraw, showAttention, showResult } from './history-view.mjs';
import { errorNotice } from './notices.mjs';
import { download, redrawOnWidthChange } from '../page-helpers.mjs';

const $ = (id) => document.getElementById(id);
const topCount = 10;
const newestShown = 3;
const count = new Intl.NumberFormat('en-US');
const scoreFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
// The counterfactual search's model calls at most (the core's default budget).
const counterfactualBudget = 2048;

const state = {
  model: null, // { name, source: URL or bytes, isExample }
  embeddings: null, // the same, or null
  histories: null, // { name, list: [{ line, items }], isExample }
  items: null, // { name, map: id → { name, … }, isExample }, or null
  result: null, // { explanation, model, itemNames, request }: what is shown
  counterfactual: null, // the shown counterfactual's JSON
  job: null, // the running job's AbortController (an explanation or a counterfactual)
  // The latest list of recommendations to explain: resolves to whether it was filled; null when
  // it failed (or before any history).
  targets: null,
};
// Only the latest recommendation list and attention read may draw.
let targetsAsked = 0;
let attentionAsked = 0;
let notice = null;

export function startHistoryTab() {
  notice = errorNotice('history-');
  wireInputs();
  useExample();
}

function wireInputs() {
  $('history-use-example').addEventListener('click', useExample);
  onFile('history-model-file', async (file) => {
    state.model = await onnxFromFile(file);
    // The example's embeddings form belongs to the example's model.
    if (state.embeddings?.isExample) state.embeddings = null;
  });
  onFile('history-embeddings-file', async (file) => {
    state.embeddings = await onnxFromFile(file);
  });
  onFile('history-histories-file', async (file) => {
    state.histories = await historiesFromFile(file);
    // The example's titles belong to the example's item ids.
    if (state.items?.isExample) state.items = null;
    $('history-row').value = '0';
  });
  onFile('history-items-file', async (file) => {
    state.items = await itemsFromFile(file);
  });
  $('history-row').addEventListener('change', showHistory);
  $('history-target').addEventListener('change', hideCounterfactual);
  $('history-method').addEventListener('change', showMethodSettings);
  $('history-explain').addEventListener('click', explain);
  $('history-cancel').addEventListener('click', () => state.job?.abort());
  $('history-download-json').addEventListener('click', () =>
    downloadJson(state.result.explanation, 'history-explanation.json'),
  );
  $('history-counterfactual-ask').addEventListener('click', findCounterfactual);
  $('history-counterfactual-json').addEventListener('click', () =>
    downloadJson(state.counterfactual, 'history-counterfactual.json'),
  );
  $('history-attention-read').addEventListener('click', readAttention);
  $('history-layer').addEventListener('change', drawAttention);
  $('history-head').addEventListener('change', drawAttention);
  redrawOnWidthChange($('history-results'), redraw);
}

/** Reads a chosen file with `read`; the input is emptied so that choosing it again rereads it. */
function onFile(id, read) {
  $(id).addEventListener('change', async (event) => {
    const [file] = event.target.files;
    if (!file) return;
    event.target.value = '';
    const since = notice.mark();
    try {
      await read(file);
    } catch (error) {
      notice.showError(new Error(`${file.name} was not loaded: ${error.message}`));
      return;
    }
    notice.clearError(since);
    sourcesChanged();
  });
}

async function useExample() {
  const since = notice.mark();
  $('history-summary').textContent = 'Loading the MovieLens example…';
  try {
    Object.assign(state, await movieLensSources());
  } catch (error) {
    $('history-summary').textContent = '';
    notice.showError(error);
    return;
  }
  notice.clearError(since);
  $('history-row').value = '0';
  sourcesChanged();
}

function sourcesChanged() {
  const { model, embeddings, histories, items } = state;
  $('history-model-name').textContent = model?.name ?? '—';
  $('history-embeddings-name').textContent =
    embeddings?.name ?? 'none (integrated gradients need one)';
  $('history-histories-name').textContent = histories
    ? `${histories.name}: ${count.format(histories.list.length)} ` +
      (histories.list.length === 1 ? 'history' : 'histories')
    : '—';
  $('history-items-name').textContent = items
    ? `${items.name}: ${count.format(items.map.size)} items`
    : 'none (items are shown by id)';
  if (model && histories) showHistory();
}

function currentHistory() {
  const { list } = state.histories;
  const row = Math.min(
    list.length - 1,
    Math.max(0, Math.round(Number($('history-row').value) || 0)),
  );
  return { row, file: state.histories.name, ...list[row] };
}

function where({ line, file }) {
  return `line ${line} of ${file}`;
}

function showHistory() {
  const history = currentHistory();
  const { row, items } = history;
  $('history-row').value = String(row);
  $('history-row').max = String(state.histories.list.length - 1);
  $('history-row').disabled = false;
  const newest = items
    .slice(-newestShown)
    .reverse()
    .map((id) => itemLabel(state.items, id));
  const earlier = items.length > newestShown ? ', …' : '';
  $('history-summary').textContent =
    `${items.length} item${items.length === 1 ? '' : 's'}, ${where(history)}. Newest: ` +
    `${newest.join(', ')}${earlier}`;
  offerMethods(items.length, Boolean(state.embeddings));
  hideCounterfactual();
  state.targets = showTargets(history);
  showButtons();
}

// The model's top items for the history, to choose the explained one from (the first by default).
// Resolves to whether it filled the list.
async function showTargets(history) {
  const asked = ++targetsAsked;
  const since = notice.mark();
  const select = $('history-target');
  const { model } = state;
  select.disabled = true;
  select.replaceChildren(new Option('Recommending…', ''));
  try {
    const [top] = await recommend({
      model: model.source,
      histories: [history.items],
      k: topCount,
    });
    if (asked !== targetsAsked) return false;
    select.replaceChildren(
      ...top.items.map((id, rank) => {
        const score = scoreFormat.format(top.scores[rank]);
        return new Option(
          `${rank + 1}. ${itemLabel(state.items, id)} (score ${score})`,
          String(id),
        );
      }),
    );
    select.disabled = false;
    notice.clearError(since);
    return true;
  } catch (error) {
    if (asked !== targetsAsked) return false;
    state.targets = null;
    showButtons();
    select.replaceChildren(new Option('—', ''));
    // recommend names the history by its place in the request; this page names it by its line.
    const message = error.message.replace(/^history 0: /, '');
    notice.showError(
      new Error(`Recommending with ${model.name} for ${where(history)}: ${message}`),
    );
    return false;
  }
}

async function explain() {
  let request;
  try {
    request = chosenRequest();
  } catch (error) {
    notice.showError(error);
    return;
  }
  if (!(await targetsReady())) return;
  const history = currentHistory();
  const { model, embeddings, items } = state;
  const itemNames = items ? history.items.map((id) => itemLabel(items, id)) : undefined;
  const target = Number($('history-target').value);
  const expected = expectedCalls(request, history.items.length);
  const done = await runJob(
    `Explaining ${where(history)}`,
    (calls) => `${count.format(calls)} of about ${count.format(expected)} model calls`,
    expected,
    (job) =>
      explainHistory({
        model: model.source,
        history: history.items,
        target,
        itemNames,
        ...request,
        ...(request.method === 'integrated_gradients'
          ? { embeddingsModel: embeddings.source }
          : {}),
        ...job,
      }),
  );
  if (!done) return;
  const { result: explanation, elapsed } = done;
  state.result = { explanation, model, itemNames, request };
  showResult({
    explanation,
    itemNames,
    titles: items ? history.items.map((id) => titleOf(items, id)) : null,
    heading: `Why “${itemLabel(items, target)}”, ${where(history)}?`,
    absence: request.absence,
    elapsed,
  });
  showDone(explanation.evaluations + (explanation.faithfulness?.[0].evaluations ?? 0), elapsed);
}

// The fewest items of the shown history whose removal takes the chosen recommendation out of the
// top k, searched as the CLI's --method counterfactual, with the tab's absence.
async function findCounterfactual() {
  if (!(await targetsReady())) return;
  let k;
  try {
    k = chosenCounterfactualK();
  } catch (error) {
    notice.showError(error);
    return;
  }
  const history = currentHistory();
  const { model, items } = state;
  const done = await runJob(
    `Searching what would change the recommendation for ${where(history)}`,
    (calls) => `${count.format(calls)} model calls (at most ${count.format(counterfactualBudget)})`,
    counterfactualBudget,
    (job) =>
      explainHistory({
        model: model.source,
        history: history.items,
        target: Number($('history-target').value),
        itemNames: items ? history.items.map((id) => itemLabel(items, id)) : undefined,
        absence: $('history-absence').value,
        method: 'counterfactual',
        k,
        settings: { budget: counterfactualBudget },
        ...job,
      }),
  );
  if (!done) return;
  state.counterfactual = done.result;
  showCounterfactual(done.result, (id) => itemLabel(items, id));
  showDone(done.result.model_calls[0], done.elapsed);
}

/**
 * Whether the recommendations to choose from are shown. A row typed in and a button clicked at
 * once: the row's change (on blur) asks for its recommendations just before the click, which
 * waits for them (and for any asked after). A second click while the first waited finds the
 * first's job running: false.
 */
async function targetsReady() {
  let targets;
  let ready;
  do {
    targets = state.targets;
    ready = await targets;
  } while (targets !== state.targets);
  return ready && !state.job;
}

/**
 * Runs `work({ signal, onProgress })` as the tab's one job, with progress (`calling(calls)`, the
 * bar against about `expected` model calls) and Cancel. Resolves to { result, elapsed }, or null
 * when it was cancelled or failed (the error shown after `what`).
 */
async function runJob(what, calling, expected, work) {
  const since = notice.mark();
  const job = new AbortController();
  state.job = job;
  showButtons();
  const progress = $('history-progress');
  const text = $('history-progress-text');
  $('history-progress-box').hidden = false;
  progress.value = 0;
  text.textContent = calling(0);
  const started = performance.now();
  try {
    const result = await work({
      signal: job.signal,
      onProgress: ({ rowsEvaluated }) => {
        // An estimate: the bar stops short of the end until the job has ended.
        progress.value = Math.min(0.99, rowsEvaluated / expected);
        text.textContent = calling(rowsEvaluated);
      },
    });
    notice.clearError(since);
    return { result, elapsed: performance.now() - started };
  } catch (error) {
    if (error.name === 'AbortError') text.textContent = 'Cancelled';
    else notice.showError(new Error(`${what}: ${error.message}`));
    return null;
  } finally {
    if (state.job === job) state.job = null;
    showButtons();
  }
}

function showDone(calls, elapsed) {
  $('history-progress').value = 1;
  $('history-progress-text').textContent =
    `Done: ${count.format(calls)} model calls in ${Math.round(elapsed)} ms`;
}

// Attention is one model call: the shown explanation carries it when its method is attention,
// otherwise it is read when asked for.
async function readAttention() {
  const asked = ++attentionAsked;
  const since = notice.mark();
  const { explanation, model, itemNames, request } = state.result;
  const button = $('history-attention-read');
  button.disabled = true;
  try {
    const maps = await explainHistory({
      model: model.source,
      history: explanation.history[0],
      target: explanation.target[0],
      method: 'attention',
      itemNames,
      absence: request.absence,
      output: request.output,
    });
    if (asked !== attentionAsked || state.result?.explanation !== explanation) return;
    notice.clearError(since);
    showAttention(maps);
  } catch (error) {
    if (asked === attentionAsked)
      notice.showError(new Error(`Reading the attention: ${error.message}`));
  } finally {
    button.disabled = false;
  }
}

function downloadJson(value, name) {
  download(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }), name);
}

function showButtons() {
  const running = state.job !== null;
  $('history-explain').disabled = running || state.targets === null;
  $('history-counterfactual-ask').disabled = running || state.targets === null;
  $('history-cancel').hidden = !running;
}
