// The dashboard's Distilled tab: a self-explaining model (`whyrec distill`'s whyrec-distilled
// JSON), its fidelity report and a search front, from the user's files (recognised by their
// content, in any order) or the demo's model; or the Tabular tab's model distilled on its rows by
// the JS API's distill() (in whyrec's worker). distilled-view.mjs draws them. An error names the
// file; the newest replaces the one before.
import { resolveModel } from '../models.mjs';
import { distill } from '../whyrec.mjs';
import { drawDistilled } from './distilled-view.mjs';
import { readCsv } from './table.mjs';
import { download, redrawOnWidthChange } from '../page-helpers.mjs';

const $ = (id) => document.getElementById(id);
const demo = new URL('../../examples/demo/', import.meta.url);

const state = {
  model: null,
  report: null,
  front: null,
  rows: null, // rows in the model's feature order, for the terms' importance
  labels: {},
  table: null, // the rows' table (table.mjs), read again in the order of a new model's features
  json: null, // the distilled model's text as distill() wrote it
  listsOf: undefined, // the table whose id columns the lists field offers
};

/**
 * tabular(): { model, table, column } of the Tabular tab (null before it has loaded them; column:
 * the output column it shows, for a teacher of several).
 */
export function startDistilledTab(tabular) {
  $('distilled-files').addEventListener('change', async (event) => {
    const files = [...event.target.files];
    event.target.value = '';
    await guarded(async () => {
      for (const file of files) await openFile(file);
      show();
    });
  });
  $('distilled-use-demo').addEventListener('click', () => guarded(useDemo));
  $('distilled-fit').addEventListener('click', () => guarded(() => fit(tabular())));
  $('distilled-dismiss-error').addEventListener('click', clearError);
  $('distilled-download').addEventListener('click', downloadModel);
  // The Tabular tab may load its rows after this tab starts: its id columns are offered anew.
  $('distilled-lists').addEventListener('focus', () => offerLists(tabular().table));
  offerLists(tabular().table);
  redrawOnWidthChange($('distilled-results'), show);
  return guarded(useDemo);
}

async function guarded(action) {
  try {
    clearError();
    await action();
  } catch (error) {
    $('distilled-status').textContent = '';
    $('distilled-error-text').textContent = `Something went wrong: ${error.message}`;
    $('distilled-error').hidden = false;
  }
}

function clearError() {
  $('distilled-error').hidden = true;
  $('distilled-error-text').textContent = '';
}

async function useDemo() {
  const [model, meta, candidates] = await Promise.all([
    fetchJson(new URL('ctr_mlp_distilled.json', demo)),
    fetchJson(new URL('meta.json', demo)),
    fetchOk(new URL('candidates.csv', demo)).then((r) => r.text()),
  ]);
  setModel(model, "demo: ctr_mlp_distilled.json (the demo MLP's GA2M)");
  state.labels = meta.feature_labels ?? {};
  setRows(readCsv(candidates, 'demo: candidates.csv'));
  setLoaded('distilled-report-name', '—');
  setLoaded('distilled-front-name', '—');
  state.report = null;
  state.front = null;
  show();
}

// A chosen file: a distilled model, a fidelity report or a search front, by its content.
async function openFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  let json;
  try {
    json = gzip ? (await resolveModel(bytes)).spec : JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new Error(`${file.name} is not JSON: ${error.message}`);
  }
  if (json?.format === 'whyrec-distilled') {
    setModel(json, file.name);
  } else if (json?.format === 'whyrec-distill-front') {
    state.front = json;
    setLoaded('distilled-front-name', file.name);
  } else if (typeof json?.holdout_r2 === 'number' && 'json_bytes' in json) {
    state.report = json;
    setLoaded('distilled-report-name', file.name);
  } else {
    throw new Error(
      `${file.name} is neither a distilled model ("format": "whyrec-distilled"), a fidelity ` +
        'report (holdout_r2, json_bytes) nor a search front ("format": "whyrec-distill-front")',
    );
  }
}

function setModel(model, name) {
  if (model.format !== 'whyrec-distilled') {
    throw new Error(`${name} is a ${model.type ?? 'other'} model, which has no shape functions`);
  }
  state.model = model;
  state.json = null;
  setLoaded('distilled-model-name', name);
  $('distilled-download').disabled = false;
  if (state.table) setRows(state.table);
}

// The table's rows in the model's feature order, when it has every feature.
function setRows(table) {
  state.table = table;
  const names = state.model?.feature_names ?? [];
  const have = new Set(table.columns.map((c) => c.name));
  const complete = names.length > 0 && names.every((name) => have.has(name));
  state.rows = complete
    ? table.data.map((row) =>
        names.map((name) => (typeof row[name] === 'number' ? row[name] : null)),
      )
    : null;
  setLoaded('distilled-rows-name', complete ? `${table.name} (${table.data.length} rows)` : '—');
}

// The Tabular tab's model distilled on its rows, with the form's family, lists and settings.
async function fit({ model, table, column }) {
  if (!model || !table) {
    throw new Error('load a model and rows in the Tabular tab first (it opens on the demo)');
  }
  offerLists(table);
  const settings = parseSettings($('distilled-settings').value);
  const listColumn = $('distilled-lists').value;
  $('distilled-status').textContent = `Distilling ${model.name} on ${table.data.length} rows…`;
  const started = performance.now();
  const result = await distill({
    model: model.source,
    data: table.rows,
    featureNames: table.names,
    family: $('distilled-family').value,
    settings,
    column,
    ...(listColumn && { lists: table.data.map((row) => row[listColumn]), group: listColumn }),
  });
  const seconds = (performance.now() - started) / 1000;
  $('distilled-status').textContent =
    `Distilled in ${seconds.toFixed(1)} s: held-out R² ${result.report.holdout_r2.toFixed(4)}.`;
  state.report = { ...result.report, teacher: model.name };
  state.front = null;
  setLoaded('distilled-report-name', 'from this distillation');
  setLoaded('distilled-front-name', '—');
  if (result.model.format === 'whyrec-distilled') {
    state.table = table; // read by setModel: the rows once, for the new model
    setModel(result.model, `distilled from ${model.name}`);
  } else {
    state.model = null;
    setLoaded('distilled-model-name', `${result.model.type} model (no shape functions)`);
  }
  state.json = result.json;
  $('distilled-download').disabled = false;
  show();
}

function parseSettings(text) {
  if (text.trim() === '') return {};
  let settings;
  try {
    settings = JSON.parse(text);
  } catch (error) {
    throw new Error(`the settings are not JSON: ${error.message}`);
  }
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) {
    throw new Error('the settings must be a JSON object, such as {"bags": 2}');
  }
  return settings;
}

// Candidate lists: none, or one of the table's id columns (a user id groups a user's candidates).
function offerLists(table) {
  if (table === state.listsOf) return;
  state.listsOf = table;
  const ids = table?.columns.filter((c) => c.role === 'id').map((c) => c.name) ?? [];
  const options = [['', 'none'], ...ids.map((name) => [name, name])].map(([value, text]) => {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = text;
    return option;
  });
  $('distilled-lists').replaceChildren(...options);
  if (ids.length) $('distilled-lists').value = ids[0];
}

function show() {
  drawDistilled(state);
}

function setLoaded(id, text) {
  $(id).textContent = text;
}

function downloadModel() {
  const text = state.json ?? JSON.stringify(state.model);
  download(new Blob([text], { type: 'application/json' }), 'distilled.json');
}

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  return response;
}

async function fetchJson(url) {
  return (await fetchOk(url)).json();
}
