// What the dashboard explains, from the user's files or the bundled demo: the model (ONNX bytes,
// a URL, or a linear or XGBoost model object), the rows (a CSV's numeric columns; the others
// label rows), and what a model can do (its outputs; the methods the core offers).
import { resolveModel } from '../models.mjs';
import { explain, predict } from '../whyrec.mjs';
import { isMissingCell } from '../widget/numeric-csv.mjs';

const demo = new URL('../../examples/demo/', import.meta.url);

/** The demo: its model, candidates (without ids and label), background and readable names. */
export async function demoSources() {
  const meta = await (await fetchOk(new URL('meta.json', demo))).json();
  const [table, background] = await Promise.all([
    fetchOk(new URL('candidates.csv', demo))
      .then((r) => r.text())
      .then((text) => parseCsv(text, 'candidates.csv', ['label'])),
    fetchOk(new URL(meta.background, demo))
      .then((r) => r.text())
      .then((text) => parseCsv(text, meta.background)),
  ]);
  return {
    model: { name: `demo: ${meta.model}`, source: new URL(meta.model, demo).href, kind: 'onnx' },
    table: { ...table, name: 'demo: candidates.csv' },
    background: background.rows,
    labels: meta.feature_labels,
    output: meta.output,
  };
}

/**
 * A dropped or chosen model file, recognized by its content (gzip-compressed too): ONNX bytes, a
 * linear or XGBoost model's JSON, or a LightGBM model.txt.
 */
export async function modelFromFile(file) {
  const model = await resolveModel(new Uint8Array(await file.arrayBuffer())).catch((error) => {
    throw new Error(`${file.name}: ${error.message}`);
  });
  return { name: file.name, source: model.spec ?? model.text ?? model.source, kind: model.kind };
}

/**
 * A CSV's rows: numeric columns (numbers, and missing cells, which become null) are features,
 * columns with any other non-number label the rows, and `ignore` names columns to leave out
 * (such as a label).
 */
export function parseCsv(text, name, ignore = []) {
  const { data, errors, meta } = Papa.parse(text, {
    header: true,
    dynamicTyping: true,
    skipEmptyLines: true,
  });
  if (errors.length) throw new Error(`${name}: ${errors[0].message} (row ${errors[0].row})`);
  if (data.length === 0) throw new Error(`${name} has no rows`);
  const columns = meta.fields.filter((field) => !ignore.includes(field));
  const numeric = (field) =>
    data.every((row) => Number.isFinite(row[field]) || isMissingCell(row[field])) &&
    data.some((row) => Number.isFinite(row[field]));
  const names = columns.filter(numeric);
  const idColumns = columns.filter((field) => !numeric(field));
  if (names.length === 0) throw new Error(`${name} has no numeric columns`);
  return {
    name,
    names,
    rows: data.map((row) => names.map((field) => (isMissingCell(row[field]) ? null : row[field]))),
    ids: data.map((row) => idColumns.map((field) => `${field} ${row[field]}`).join(' · ')),
  };
}

/** `count` rows spread evenly over the table (a deterministic sample). */
export function sampleRows(rows, count) {
  if (rows.length <= count) return rows;
  return Array.from({ length: count }, (_, i) => rows[Math.floor((i * rows.length) / count)]);
}

/**
 * The model's output names, read from the error ONNX Runtime gives for an unknown one; white-box
 * models are explained in margin space.
 */
export async function outputsOf(model, row) {
  if (model.kind !== 'onnx') return ['margin'];
  try {
    await predict({ model: model.source, rows: [row], output: '?' });
  } catch (error) {
    const listed = /its outputs are: (.+)$/.exec(error.message);
    if (listed) return listed[1].split(/,\s*/);
    throw error;
  }
  return [];
}

/**
 * The methods the core offers for this model, read from the error an unknown method gets: new
 * methods (Kernel SHAP, permutation) appear here as soon as the core has them. An ONNX model
 * whose input goes into a tree ensemble offers TreeSHAP first.
 */
export async function methodsOf(model, row, names) {
  if (model.kind !== 'onnx') return [model.kind === 'linear' ? 'linear' : 'tree'];
  const tryMethod = (method) =>
    explain({ model: model.source, instance: row, background: [row], featureNames: names, method });
  const trees = await tryMethod('tree').then(
    () => ['tree'],
    () => [],
  );
  try {
    await tryMethod('?');
  } catch (error) {
    const listed = /available: (.+)$/.exec(error.message);
    if (listed) return [...trees, ...listed[1].split(/,\s*/)];
    throw error;
  }
  return [...trees, 'exact'];
}

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  return response;
}
