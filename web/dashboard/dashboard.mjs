// The explainer dashboard's Tabular tab: a model and rows (the user's files or the demo), one row
// explained with the chosen method, many rows for the global charts (with progress and cancel),
// every chart of web/charts/, and downloads; the History tab is history.mjs. All model work runs
// in whyrec's worker.
import { charts, pngBlob, svgText } from '../charts/index.mjs';
import { contributionsOf } from '../charts/contributions.mjs';
import { interactingFeature } from '../charts/dependence.mjs';
import { explain } from '../whyrec.mjs';
import {
  demoSources,
  methodsOf,
  modelFromFile,
  outputsOf,
  parseCsv,
  sampleRows,
} from './sources.mjs';
import { wirePageTabs } from './page-tabs.mjs';
import { formats, statusLine } from '../page-helpers.mjs';

const $ = (id) => document.getElementById(id);
const { fixed, signed, standardError, count } = formats;
const { setStatus, showError } = statusLine();
const knownMethods = ['exact', 'kernel', 'permutation', 'linear', 'tree'];
const methodTitles = {
  exact: 'Exact Shapley',
  kernel: 'Kernel SHAP',
  permutation: 'Permutation',
  linear: 'Linear SHAP',
  tree: 'TreeSHAP',
  auto: 'Auto (exact or Kernel SHAP)',
  lime: 'LIME',
  anchors: 'Anchors',
};
// Methods whose values are exact: a standard error of 0 means no sampling error.
const exactMethods = new Set(['exact', 'linear', 'tree']);
// Methods whose own chart is the one to show first.
const ownChart = { lime: 'lime', anchors: 'anchor' };
const needs = {
  heatmap: 'interaction values (tree models’ interaction explanations)',
  lime: 'the weights of a LIME explanation',
  anchor: 'the rule of an Anchors explanation',
  curves: 'deletion/insertion curves',
};
const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

const state = {
  model: null,
  table: null,
  demoBackground: null,
  labels: {},
  single: null, // { explanation, row, data, elapsed }: the explained row
  batch: null, // { explanation, row, data }: many rows, for the global charts
  chart: 'waterfall',
  drawn: null,
  // A chart asked for while the tab is hidden, which has no width to draw at: drawn once shown.
  drawWhenShown: false,
  job: null,
};
let latest = 0;
// Models read so far: a model read after another (say, dropped while the demo loads) wins, even
// when the earlier one's reading finishes last.
let modelsRead = 0;

buildTabs();
wireInputs();
wirePageTabs({
  tabular: () => useDemo().catch(showError),
  history: () => import('./history.mjs').then(({ startHistoryTab }) => startHistoryTab()),
});

function buildTabs() {
  $('chart-tabs').replaceChildren(
    ...Object.entries(charts).map(([name, { title }]) => {
      const tab = document.createElement('button');
      tab.type = 'button';
      tab.role = 'tab';
      tab.dataset.chart = name;
      tab.textContent = title;
      tab.setAttribute('aria-selected', String(name === state.chart));
      tab.addEventListener('click', () => selectChart(name));
      return tab;
    }),
  );
  // Arrow keys move between tabs, as in any tab list.
  $('chart-tabs').addEventListener('keydown', (event) => {
    const tabs = [...$('chart-tabs').children];
    const at = tabs.indexOf(document.activeElement);
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (at < 0 || !step) return;
    const next = tabs[(at + step + tabs.length) % tabs.length];
    next.focus();
    selectChart(next.dataset.chart);
  });
}

function wireInputs() {
  $('use-demo').addEventListener('click', () => useDemo().catch(showError));
  $('model-file').addEventListener('change', (event) => openFiles(event.target.files));
  $('csv-file').addEventListener('change', (event) => openFiles(event.target.files));
  $('explanation-file').addEventListener('change', (event) => openFiles(event.target.files));
  const drop = $('inputs');
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    $('drop').classList.add('over');
  });
  drop.addEventListener('dragleave', () => $('drop').classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    $('drop').classList.remove('over');
    openFiles(event.dataTransfer.files);
  });
  $('row').addEventListener('change', () => showRow());
  $('method').addEventListener('change', () => showOutputChoice());
  $('output-index').addEventListener('change', () => (state.single ? showSingle() : drawChart()));
  $('explain-row').addEventListener('click', () => explainRow().catch(showError));
  $('explain-rows').addEventListener('click', () => explainRows().catch(showError));
  $('cancel').addEventListener('click', () => state.job?.abort());
  $('download-svg').addEventListener('click', () =>
    download(new Blob([svgText(state.drawn)], { type: 'image/svg+xml' }), `${state.chart}.svg`),
  );
  $('download-png').addEventListener('click', async () =>
    download(await pngBlob(state.drawn), `${state.chart}.png`),
  );
  $('download-json').addEventListener('click', () => {
    const view = viewFor(state.chart);
    const json = JSON.stringify({ ...view.explanation, data: view.data }, null, 2);
    download(new Blob([json], { type: 'application/json' }), 'explanation.json');
  });
  for (const id of ['dependence-feature', 'dependence-color']) {
    $(id).addEventListener('change', () => drawChart());
  }
  new ResizeObserver(() => (state.drawn || state.drawWhenShown) && drawChart()).observe($('chart'));
}

async function useDemo() {
  setStatus('Loading the demo…');
  const sources = await demoSources();
  state.model = sources.model;
  state.table = sources.table;
  state.demoBackground = sources.background;
  state.labels = sources.labels;
  if (!(await modelChanged(sources.output))) return;
  $('row').value = '0';
  showRow();
  await explainRow();
}

// Files are told apart by content where the name cannot: a .json is a model (linear or XGBoost)
// or an explanation.
async function openFiles(files) {
  try {
    for (const file of files) {
      if (/\.csv$/i.test(file.name)) {
        state.table = parseCsv(await file.text(), file.name);
        state.demoBackground = null;
        state.labels = {};
        $('row').value = '0';
        if (state.model) await modelChanged();
      } else if (/\.json$/i.test(file.name) && (await isExplanation(file))) {
        showLoadedExplanation(JSON.parse(await file.text()), file.name);
      } else {
        state.model = await modelFromFile(file);
        if (state.table) await modelChanged();
      }
    }
    showSources();
  } catch (error) {
    showError(error);
  }
}

// An explanation, or the curves of one (`whyrec curves`), which carry no values.
async function isExplanation(file) {
  const json = JSON.parse(await file.text());
  const rows = json.values ?? json.deletion ?? json.insertion;
  return Array.isArray(json.feature_names) && Array.isArray(rows);
}

/** Reads the current model's outputs and methods; false when a newer model replaced it. */
async function modelChanged(preferredOutput) {
  const read = ++modelsRead;
  showSources();
  const { model, table } = state;
  setStatus('Reading the model…');
  const [outputs, methods] = await Promise.all([
    outputsOf(model, table.rows[0]),
    methodsOf(model, table.rows[0], table.names),
  ]);
  if (read !== modelsRead) return false;
  const output = $('output');
  output.replaceChildren(...outputs.map((name) => new Option(name, name)));
  if (outputs.includes(preferredOutput)) output.value = preferredOutput;
  const method = $('method');
  const listed = [...new Set([...knownMethods, ...methods])];
  method.replaceChildren(
    ...listed.map((name) => {
      const option = new Option(
        methods.includes(name)
          ? (methodTitles[name] ?? name)
          : `${methodTitles[name] ?? name} (not available)`,
        name,
      );
      option.disabled = !methods.includes(name);
      return option;
    }),
  );
  method.value = methods[0];
  method.disabled = false;
  showOutputChoice();
  $('background').disabled = false;
  const demoOption = $('background').querySelector('[value="demo"]');
  if (state.demoBackground && !demoOption) {
    $('background').prepend(
      new Option(`demo background.csv (${state.demoBackground.length} rows)`, 'demo', true, true),
    );
  } else if (!state.demoBackground) demoOption?.remove();
  for (const id of ['row', 'explain-row', 'explain-rows']) $(id).disabled = false;
  $('row').max = String(table.rows.length - 1);
  setStatus('');
  return true;
}

// TreeSHAP and Linear SHAP explain the margin, whatever outputs the model file has.
function explainsMargin() {
  return state.model.kind !== 'onnx' || $('method').value === 'tree';
}

function showOutputChoice() {
  $('output').disabled = explainsMargin();
}

function showSources() {
  $('model-name').textContent = state.model?.name ?? '—';
  $('data-name').textContent = state.table
    ? `${state.table.name}: ${count.format(state.table.rows.length)} rows × ${state.table.names.length} features`
    : '—';
}

function rowIndex() {
  const last = state.table.rows.length - 1;
  return Math.min(last, Math.max(0, Math.round(Number($('row').value) || 0)));
}

function showRow() {
  if (!state.table) return;
  const i = rowIndex();
  $('row').value = String(i);
  $('row-summary').textContent = state.table.ids[i] || `Row ${i} of ${state.table.rows.length}`;
}

function request(extra) {
  const { model, table } = state;
  const choice = $('background').value;
  return {
    model: model.source,
    featureNames: table.names,
    background: choice === 'demo' ? state.demoBackground : sampleRows(table.rows, Number(choice)),
    method: $('method').value,
    settings: methodSettings(),
    output: explainsMargin() ? undefined : $('output').value,
    ...extra,
  };
}

// The core checks the settings themselves and names any it does not know.
function methodSettings() {
  const text = $('settings').value.trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`the method settings are not JSON: ${error.message}`);
  }
}

async function explainRow() {
  const run = ++latest;
  const i = rowIndex();
  const instance = state.table.rows[i];
  setStatus(`Explaining row ${i} with ${methodTitles[$('method').value] ?? $('method').value}…`);
  const started = performance.now();
  const explanation = await explain(
    request({
      instance,
      onProgress: ({ rowsEvaluated }) => {
        if (run === latest) setStatus(`Evaluated ${count.format(rowsEvaluated)} model rows…`);
      },
    }),
  );
  if (run !== latest) return;
  state.single = { explanation, row: 0, data: [instance], elapsed: performance.now() - started };
  $('results-title').textContent = `Explanation of row ${i}`;
  showSingle();
  setStatus('');
}

async function explainRows() {
  state.job?.abort();
  const job = new AbortController();
  state.job = job;
  const first = rowIndex();
  const rows = state.table.rows.slice(first, first + Number($('batch-size').value));
  $('progress-box').hidden = false;
  $('cancel').hidden = false;
  $('explain-rows').disabled = true;
  const progress = $('progress');
  const text = $('progress-text');
  progress.value = 0;
  text.textContent = `0 of ${rows.length} rows`;
  let evaluated = 0;
  try {
    const explanation = await explain(
      request({
        instances: rows,
        signal: job.signal,
        onProgress: ({ rowsEvaluated, instancesDone, instances }) => {
          evaluated = rowsEvaluated;
          progress.value = instancesDone / instances;
          text.textContent =
            `${instancesDone} of ${instances} rows · ` +
            `${count.format(rowsEvaluated)} model evaluations`;
        },
      }),
    );
    progress.value = 1;
    text.textContent = `${rows.length} rows explained · ${count.format(evaluated)} model evaluations`;
    state.batch = { explanation, row: 0, data: rows };
    fillDependenceOptions(explanation);
    if (charts[state.chart].scope !== 'rows') selectChart('beeswarm');
    else drawChart();
  } catch (error) {
    if (error.name !== 'AbortError') throw error;
    text.textContent = 'Cancelled';
  } finally {
    if (state.job === job) state.job = null;
    $('cancel').hidden = true;
    $('explain-rows').disabled = false;
  }
}

function showLoadedExplanation(explanation, name) {
  const view = { explanation, row: 0, data: explanation.data };
  $('results-title').textContent = `Explanation from ${name}`;
  if (!explanation.values) {
    state.single = null;
    state.batch = view;
    $('stats').hidden = true;
    $('values').hidden = true;
    $('results-subtitle').textContent = `${explanation.method ?? 'Curves'} of ${name}.`;
    selectChart('curves');
    return;
  }
  state.single = view;
  state.batch = explanation.values.length > 1 ? view : null;
  if (state.batch) fillDependenceOptions(explanation);
  showSingle();
}

// A model with several outputs (a multiclass model's classes) has per-output values; the charts
// and the table show the chosen one.
function chosenOutput(explanation) {
  const outputs = Array.isArray(explanation.base_value) ? explanation.base_value.length : 1;
  const select = $('output-index');
  if (select.options.length !== outputs) {
    const name = explanation.output ?? 'output';
    select.replaceChildren(
      ...Array.from({ length: outputs }, (_, k) => new Option(`${name} ${k}`, String(k))),
    );
  }
  $('output-index-choice').hidden = outputs < 2;
  return Number(select.value) || 0;
}

function showSingle() {
  const { explanation, row, data, elapsed } = state.single;
  const outputIndex = chosenOutput(explanation);
  const pick = (entry) => (Array.isArray(entry) ? entry[outputIndex] : entry);
  show('stat-method', methodTitles[explanation.method] ?? explanation.method);
  show('stat-base', fixed.format(pick(explanation.base_value)));
  show('stat-output', fixed.format(pick(explanation.model_output[row])));
  show(
    'stat-evaluations',
    `${count.format(explanation.evaluations)}` + (elapsed ? ` · ${Math.round(elapsed)} ms` : ''),
  );
  $('stats').hidden = false;
  $('results-subtitle').textContent =
    `How each feature moved ${explanation.output ?? 'the output'} away from its average over ` +
    `${explanation.settings?.background_rows ?? 'the'} background rows.`;
  const { contributions } = contributionsOf(explanation, {
    row,
    data,
    outputIndex,
    top: Infinity,
  });
  $('values').tBodies[0].replaceChildren(
    ...contributions.map((c) => {
      const tr = document.createElement('tr');
      tr.dataset.player = c.name;
      tr.dataset.value = String(c.value);
      tr.dataset.stdError = String(c.stdError);
      tr.append(
        cell('', state.labels[c.name] ?? c.name),
        cell('number', c.featureValue === undefined ? '' : number.format(c.featureValue)),
        cell(c.value >= 0 ? 'number up' : 'number down', signed.format(c.value)),
        cell('number', stdErrorText(c.stdError, explanation.method)),
      );
      return tr;
    }),
  );
  $('values').hidden = false;
  const preferred = ownChart[explanation.method];
  if (preferred) selectChart(preferred);
  else if (charts[state.chart].scope === 'row' && !charts[state.chart].canDraw(explanation)) {
    selectChart('waterfall');
  } else drawChart();
}

function stdErrorText(stdError, method) {
  if (stdError !== 0) return `± ${standardError.format(stdError)}`;
  return exactMethods.has(method) ? '0 (exact)' : '—';
}

function fillDependenceOptions(explanation) {
  const options = () =>
    explanation.feature_names.map((name) => new Option(state.labels[name] ?? name, name));
  $('dependence-feature').replaceChildren(...options());
  $('dependence-color').replaceChildren(new Option('(strongest interaction)', ''), ...options());
}

function selectChart(name) {
  state.chart = name;
  for (const tab of $('chart-tabs').children) {
    tab.setAttribute('aria-selected', String(tab.dataset.chart === name));
    tab.tabIndex = tab.dataset.chart === name ? 0 : -1;
  }
  drawChart();
}

function viewFor(name) {
  return charts[name].scope === 'row' ? state.single : state.batch;
}

function drawChart() {
  state.drawWhenShown = $('chart').clientWidth === 0;
  if (state.drawWhenShown) return;
  const spec = charts[state.chart];
  const view = viewFor(state.chart);
  $('chart-options').hidden = state.chart !== 'dependence' || !view;
  let drawn = null;
  if (!view) {
    note(
      spec.scope === 'rows'
        ? `${spec.title} summarizes many rows: use “Explain rows”.`
        : 'Explain a row first.',
    );
  } else {
    const options = {
      // Charts of many rows summarize them all; given a row, the heatmap and curves show only it.
      row: spec.scope === 'row' ? view.row : undefined,
      data: view.data,
      labels: state.labels,
      width: Math.max(360, $('chart').clientWidth),
      outputIndex: chosenOutput(view.explanation),
    };
    if (state.chart === 'dependence') {
      options.feature = $('dependence-feature').value || undefined;
      options.color = $('dependence-color').value || undefined;
      if (options.feature && !options.color) {
        const strongest = interactingFeature(view.explanation, options.feature, options);
        $('dependence-color').options[0].text =
          `(strongest: ${strongest === null ? 'none' : (state.labels[strongest] ?? strongest)})`;
      }
    }
    if (spec.canDraw(view.explanation, options)) {
      drawn = spec.draw(view.explanation, options);
      $('chart').replaceChildren(drawn);
    } else {
      note(
        `${spec.title} needs ${needs[state.chart] ?? 'more rows'}, which this explanation lacks.`,
      );
    }
  }
  state.drawn = drawn;
  $('chart').dataset.chart = drawn ? state.chart : '';
  $('download-svg').disabled = !drawn;
  $('download-png').disabled = !drawn;
  $('download-json').disabled = !view;
}

function note(text) {
  const p = document.createElement('p');
  p.className = 'note';
  p.textContent = text;
  $('chart').replaceChildren(p);
}

function cell(className, text) {
  const td = document.createElement('td');
  td.className = className;
  td.textContent = text;
  return td;
}

function show(id, text) {
  $(id).textContent = text;
}

function download(blob, name) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}
