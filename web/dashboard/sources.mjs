// What the dashboard explains, from the user's files or the bundled demo: the model (ONNX bytes,
// a URL, or a linear or XGBoost model object), the rows (a CSV whose columns have roles:
// table.mjs), and what a model can do (its outputs; the methods the core offers).
import { resolveModel } from '../models.mjs';
import { explain, predict } from '../whyrec.mjs';
import { readCsv } from './table.mjs';

const demo = new URL('../../examples/demo/', import.meta.url);

/** The demo: its model, candidates (ids and label shown with the rows), background and names. */
export async function demoSources() {
  const meta = await (await fetchOk(new URL('meta.json', demo))).json();
  const [table, background] = await Promise.all([
    fetchOk(new URL('candidates.csv', demo))
      .then((r) => r.text())
      .then((text) => readCsv(text, 'demo: candidates.csv')),
    fetchOk(new URL(meta.background, demo))
      .then((r) => r.text())
      .then((text) => readCsv(text, meta.background)),
  ]);
  return {
    model: { name: `demo: ${meta.model}`, source: new URL(meta.model, demo).href, kind: 'onnx' },
    table,
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
 * Fails, naming the columns, when `model` cannot read the table's feature columns (a label or id
 * column left as a feature, a column missing): one row predicted, or for a white-box model (which
 * `predict` does not take) one row explained.
 */
export async function checkModelReads(model, { name, names, rows }) {
  const row = rows[0];
  try {
    if (model.kind === 'onnx') await predict({ model: model.source, rows: [row] });
    else
      await explain({ model: model.source, instance: row, background: [row], featureNames: names });
  } catch (error) {
    // The engine's words for a row of the wrong width (predict names the expected width last).
    const match = /takes (\d+) values per row|but there are (\d+) features/.exec(error.message);
    const width = match?.[1] ?? match?.[2];
    if (!width) throw error;
    throw new Error(
      `${model.name} reads ${width} features per row, but ${name} has ${names.length} feature ` +
        `columns (${names.join(', ')}): set the role of each column that is not a model input ` +
        '(an id, the label) to id, label or dropped',
    );
  }
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
