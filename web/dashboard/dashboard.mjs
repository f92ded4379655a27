// The explainer dashboard's Tabular tab: a model and rows (the user's files or the demo), one row
// explained with the chosen method, many rows for the global charts (with progress and cancel),
// every chart of web/charts/, downloads, and what would move the row into (or out of) the top k
// of its candidate list (counterfactual-card.mjs); the History tab is history.mjs. All model work
// runs in whyrec's worker.
import { charts, pngBlob, svgText } from '../charts/index.mjs';
import { contributionsOf } from '../charts/contributions.mjs';
import { interactingFeature } from '../charts/dependence.mjs';
import { explain } from '../whyrec.mjs';
import { counterfactualCard } from './counterfactual-card.mjs';
import { checkModelReads, demoSources, methodsOf, modelFromFile, outputsOf } from './sources.mjs';
import { methodSettings, parseSettings } from './method-settings.mjs';
import { notices } from './notices.mjs';
import { wirePageTabs } from './page-tabs.mjs';
import { backgroundRows, readCsv, roles, sampleRows, withRoles } from './table.mjs';
import { download, formats } from '../page-helpers.mjs';

const $ = (id) => document.getElementById(id);
const { fixed, signed, standardError, count } = formats;
const tabNotices = notices();
const { mark, setStatus, showError, clearError } = tabNotices;
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
// Methods whose own chart is the one to show first; their values are no contributions, so the
// table of contributions is not shown for them.
const ownChart = { lime: 'lime', anchors: 'anchor' };
// Background sizes offered, as samples of the rows; tables up to `allRows` rows offer them all.
const backgroundSizes = [10, 25, 50, 100];
const allRows = 200;
const roleTitles = { feature: 'feature', id: 'id', label: 'label', drop: 'dropped' };
const needs = {
  heatmap: 'interaction values (tree models’ interaction explanations)',
  lime: 'the weights of a LIME explanation',
  anchor: 'the rule of an Anchors explanation',
  curves: 'deletion/insertion curves',
};
const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

const state = {
  model: null,
  table: null, // table.mjs's table: columns with roles, names, rows, ids
  demoBackground: null,
  backgroundFile: null, // a background CSV: { name, columns, data }
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
const counterfactuals = counterfactualCard(
  () => ({
    model: state.model,
    table: state.table,
    row: rowIndex(),
    background: backgroundFor(state.table),
    output: $('output').value,
    column: shownColumn(),
    labels: state.labels,
  }),
  tabNotices,
);

buildTabs();
wireInputs();
wirePageTabs({
  tabular: () => useDemo().catch(showError),
  history: () => import('./history.mjs').then(({ startHistoryTab }) => startHistoryTab()),
  distilled: () =>
    import('./distilled.mjs').then(({ startDistilledTab }) =>
      startDistilledTab(() => ({ model: state.model, table: state.table, column: shownColumn() })),
    ),
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
  $('background-file').addEventListener('change', (event) =>
    openBackground(event.target.files[0]).catch(showError),
  );
  $('background').addEventListener('change', () => {
    showBackground();
    counterfactuals.clear();
  });
  $('output').addEventListener('change', () => counterfactuals.clear());
  $('settings').addEventListener('input', () => checkSettingsField());
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
  $('method').addEventListener('change', () => {
    showOutputChoice();
    checkSettingsField();
  });
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
  state.backgroundFile = null;
  state.labels = sources.labels;
  tableChanged();
  if (!(await modelChanged(sources.output))) return;
  await explainRow();
}

// Files are told apart by content where the name cannot: a .json is a model (linear or XGBoost)
// or an explanation.
async function openFiles(files) {
  const opened = mark();
  try {
    let dropped = null;
    for (const file of files) {
      if (/\.csv$/i.test(file.name)) {
        state.table = readCsv(await file.text(), file.name);
        state.demoBackground = null;
        state.labels = {};
        dropped = tableChanged() ?? dropped;
        if (state.model) await modelChanged();
      } else if (/\.json$/i.test(file.name) && (await isExplanation(file))) {
        showLoadedExplanation(JSON.parse(await file.text()), file.name);
      } else {
        state.model = await modelFromFile(file);
        if (state.table) await modelChanged();
      }
    }
    showSources();
    if (dropped) showError(dropped);
    else clearError(opened);
  } catch (error) {
    showError(error);
  }
}

// A background CSV: its columns are read by the names of the table's features.
async function openBackground(file) {
  if (!file) return;
  const opened = mark();
  const background = readCsv(await file.text(), file.name);
  if (state.table) backgroundRows(background, state.table.names);
  state.backgroundFile = background;
  showBackgroundChoice('file');
  clearError(opened);
}

/**
 * New rows (or new roles for their columns): what was shown of the old ones goes. A background
 * file that lacks the new feature columns goes too, and the error that says so is returned, to be
 * shown once the model has read the new rows.
 */
function tableChanged() {
  $('row').value = '0';
  let dropped = null;
  if (state.backgroundFile) {
    try {
      backgroundRows(state.backgroundFile, state.table.names);
    } catch (error) {
      state.backgroundFile = null;
      dropped = new Error(`${error.message}: it is no longer the background`);
    }
  }
  clearResults();
  counterfactuals.tableChanged(state.table, state.labels);
  showColumns();
  showSources();
  showRow();
  showBackgroundChoice();
  return dropped;
}

function clearResults() {
  state.single = null;
  state.batch = null;
  $('results-title').textContent = 'Explanation';
  $('results-subtitle').textContent = 'Explain a row of these rows.';
  $('stats').hidden = true;
  $('values-box').hidden = true;
  $('output-index-choice').hidden = true;
  $('progress-box').hidden = true;
  if ($('chart').clientWidth) drawChart();
}

// A select per column of the user's table, for its role.
function showColumns() {
  const { table } = state;
  $('columns').hidden = !table?.columns;
  if (!table?.columns) return;
  $('columns-name').textContent = table.name;
  $('column-roles').replaceChildren(
    ...table.columns.map((column) => {
      const label = document.createElement('label');
      const name = document.createElement('span');
      name.textContent = column.name;
      const select = document.createElement('select');
      for (const role of roles) {
        const option = new Option(roleTitles[role], role, false, role === column.role);
        // Only numbers (and missing cells) can go into a model.
        option.disabled = role === 'feature' && !column.numeric;
        select.append(option);
      }
      select.addEventListener('change', () => setRole(column.name, select.value));
      label.append(name, select);
      return label;
    }),
  );
}

async function setRole(column, role) {
  try {
    state.table = withRoles(state.table, column, role);
  } catch (error) {
    showColumns();
    showError(error);
    return;
  }
  const dropped = tableChanged();
  if (state.model) await modelChanged().catch(showError);
  if (dropped) showError(dropped);
}

// An explanation, or the curves of one (`whyrec curves`), which carry no values.
async function isExplanation(file) {
  const json = JSON.parse(await file.text());
  const rows = json.values ?? json.deletion ?? json.insertion;
  return Array.isArray(json.feature_names) && Array.isArray(rows);
}

/** Reads the current model's outputs and methods; false when a newer model replaced it. */
async function modelChanged(preferredOutput = $('output').value) {
  const read = ++modelsRead;
  const asked = mark();
  showSources();
  const { model, table } = state;
  for (const id of ['explain-row', 'explain-rows']) $(id).disabled = true;
  setStatus('Reading the model…');
  // A model that does not read these columns fails here, naming them, not at explain time.
  await checkModelReads(model, table);
  const [outputs, methods] = await Promise.all([
    outputsOf(model, table.rows[0]),
    methodsOf(model, table.rows[0], table.names),
  ]);
  if (read !== modelsRead) return false;
  const output = $('output');
  output.replaceChildren(...outputs.map((name) => new Option(name, name)));
  // The output chosen before stays chosen when the new model has it.
  if (outputs.includes(preferredOutput)) output.value = preferredOutput;
  const previousMethod = $('method').value;
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
  method.value = methods.includes(previousMethod) ? previousMethod : methods[0];
  method.disabled = false;
  showOutputChoice();
  checkSettingsField();
  $('background').disabled = false;
  for (const id of ['row', 'explain-row', 'explain-rows']) $(id).disabled = false;
  counterfactuals.modelChanged(model.kind);
  $('row').max = String(table.rows.length - 1);
  setStatus('');
  clearError(asked);
  return true;
}

/**
 * The background choices: the background file, the demo's, or an even sample of the rows, each
 * saying how many rows it has; `preferred` (or the choice before, while it is offered) stays.
 */
function showBackgroundChoice(preferred = $('background').value) {
  const select = $('background');
  const options = [];
  if (state.backgroundFile) {
    const { name, data } = state.backgroundFile;
    options.push(new Option(`${name} (${count.format(data.length)} rows)`, 'file'));
  }
  if (state.demoBackground) {
    const rows = state.demoBackground.length;
    options.push(new Option(`demo background.csv (${count.format(rows)} rows)`, 'demo'));
  }
  const table = state.table;
  if (table) {
    const { length } = table.rows;
    for (const size of backgroundSizes.filter((size) => size < length)) {
      options.push(new Option(`${size} rows of ${table.name}`, String(size)));
    }
    if (length <= allRows) {
      options.push(new Option(`all ${length} rows of ${table.name}`, String(length)));
    }
  }
  select.replaceChildren(...options);
  const values = options.map((option) => option.value);
  const fallback = values.find((value) => value === 'file' || value === 'demo') ?? values.at(-1);
  select.value = values.includes(preferred) ? preferred : fallback;
  showBackground();
}

/** Says which background the next explanation uses, and how many rows it has. */
function showBackground() {
  const option = $('background').selectedOptions[0];
  $('background-name').textContent = option
    ? option.value === 'file' || option.value === 'demo'
      ? option.text
      : `${option.text} (sampled evenly)`
    : '—';
}

function backgroundFor(table) {
  const choice = $('background').value;
  if (choice === 'demo') return state.demoBackground;
  if (choice === 'file') return backgroundRows(state.backgroundFile, table.names);
  return sampleRows(table.rows, Number(choice));
}

function chosenMethod() {
  return $('method').value;
}

// The settings field says which settings the method reads, or what is wrong with the text.
function checkSettingsField() {
  const method = chosenMethod();
  const hint = $('settings-hint');
  try {
    parseSettings($('settings').value, method, methodTitles[method]);
    $('settings').removeAttribute('aria-invalid');
    hint.classList.remove('invalid');
    const names = methodSettings[method];
    hint.textContent = names ? `${methodTitles[method] ?? method} reads: ${names.join(', ')}` : '';
  } catch (error) {
    $('settings').setAttribute('aria-invalid', 'true');
    hint.classList.add('invalid');
    hint.textContent = error.message;
  }
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
  counterfactuals.clear();
  const { ids, rows } = state.table;
  $('row-summary').textContent = ids[i]
    ? `Row ${i}: ${ids[i]}`
    : `Row ${i} of ${count.format(rows.length)}`;
}

function request(extra) {
  const { model, table } = state;
  const method = chosenMethod();
  return {
    model: model.source,
    featureNames: table.names,
    background: backgroundFor(table),
    method,
    settings: parseSettings($('settings').value, method, methodTitles[method]),
    output: explainsMargin() ? undefined : $('output').value,
    ...extra,
  };
}

async function explainRow() {
  const run = ++latest;
  const since = mark();
  const i = rowIndex();
  const instance = state.table.rows[i];
  const asked = request({
    instance,
    onProgress: ({ rowsEvaluated }) => {
      if (run === latest) setStatus(`Evaluated ${count.format(rowsEvaluated)} model rows…`);
    },
  });
  setStatus(`Explaining row ${i} with ${methodTitles[asked.method] ?? asked.method}…`);
  const started = performance.now();
  const explanation = await explain(asked);
  if (run !== latest) return;
  state.single = { explanation, row: 0, data: [instance], elapsed: performance.now() - started };
  $('results-title').textContent = `Explanation of row ${i}`;
  showSingle();
  setStatus('');
  clearError(since);
}

async function explainRows() {
  const since = mark();
  const first = rowIndex();
  const rows = state.table.rows.slice(first, first + Number($('batch-size').value));
  // A request that cannot be made (settings misspelt) fails before the job starts.
  const asked = request({ instances: rows });
  state.job?.abort();
  const job = new AbortController();
  state.job = job;
  $('progress-box').hidden = false;
  $('cancel').hidden = false;
  $('explain-rows').disabled = true;
  const progress = $('progress');
  const text = $('progress-text');
  progress.value = 0;
  text.textContent = `0 of ${rows.length} rows`;
  let evaluated = 0;
  try {
    const explanation = await explain({
      ...asked,
      signal: job.signal,
      onProgress: ({ rowsEvaluated, instancesDone, instances }) => {
        evaluated = rowsEvaluated;
        progress.value = instancesDone / instances;
        text.textContent =
          `${instancesDone} of ${instances} rows · ` +
          `${count.format(rowsEvaluated)} model evaluations`;
      },
    });
    progress.value = 1;
    text.textContent = `${rows.length} rows explained · ${count.format(evaluated)} model evaluations`;
    state.batch = { explanation, row: 0, data: rows };
    clearError(since);
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
  clearError(mark());
  const view = { explanation, row: 0, data: explanation.data };
  $('results-title').textContent = `Explanation from ${name}`;
  if (!explanation.values) {
    state.single = null;
    state.batch = view;
    $('stats').hidden = true;
    $('values-box').hidden = true;
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
// The output column the table and charts show (a multiclass model's class), which the methods
// that read one score per row (distill, counterfactual) take; undefined until an explanation of
// several outputs offers the choice.
function shownColumn() {
  return $('output-index-choice').hidden ? undefined : Number($('output-index').value);
}

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
  $('results-subtitle').textContent = subtitleOf(explanation);
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
  const preferred = ownChart[explanation.method];
  $('values-box').hidden = Boolean(preferred);
  if (preferred) selectChart(preferred);
  else if (charts[state.chart].scope === 'row' && !charts[state.chart].canDraw(explanation)) {
    selectChart('waterfall');
  } else drawChart();
}

// What the explanation is, with the background it was measured against.
function subtitleOf(explanation) {
  const rows = explanation.settings?.background_rows;
  const background =
    rows === undefined ? 'the background' : `${count.format(rows)} background rows`;
  const output = explanation.output ?? 'the output';
  if (explanation.method === 'lime') {
    return `The weights of a linear model fitted to ${output} around this row (LIME), sampled against ${background}.`;
  }
  if (explanation.method === 'anchors') {
    return `A rule that, while it holds, keeps the model's decision on ${output}, tested against ${background}.`;
  }
  return `How each feature moved ${output} away from its average over ${background}.`;
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
      width: $('chart').clientWidth,
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
