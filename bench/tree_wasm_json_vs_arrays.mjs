// The full core's two ways of answering a tree job in Node, in one process: explainJson then
// JSON.parse, or explainArrays then web/explanation-arrays.mjs's assembly, three calls on all
// rows of one job of bench/make_tree_models.py (build/bench/trees), after loading the core and
// building the explainer. Run it once per way in alternating processes:
//   node bench/tree_wasm_json_vs_arrays.mjs JOB json|arrays
// Prints: JOB WAY milliseconds of the three calls (the first is V8's first run of that code).
import { readFile } from 'node:fs/promises';
import { loadCore } from '../web/core.mjs';
import { fromArrays } from '../web/explanation-arrays.mjs';
import { parseNumericCsv } from '../web/widget/numeric-csv.mjs';

const [job, way] = process.argv.slice(2);
if (!job || !['json', 'arrays'].includes(way)) {
  throw new Error('usage: node bench/tree_wasm_json_vs_arrays.mjs JOB json|arrays');
}
const folder = new URL('../build/bench/trees/', import.meta.url);
const [modelText, csvText] = await Promise.all(
  ['json', 'csv'].map((ext) => readFile(new URL(`${job}.${ext}`, folder), 'utf8')),
);
const core = await loadCore();
const { names, rows } = parseNumericCsv(csvText, 'the job CSV');
const width = names.length;
const values = new Float32Array(rows.length * width);
rows.forEach((row, r) => row.forEach((x, j) => (values[r * width + j] = x ?? NaN)));
const config = JSON.stringify({ feature_names: names, tree_mode: 'path' });
const explainer = core.createTreeExplainer(modelText, config, new Float32Array(width));
const ms = [];
for (let call = 0; call < 3; call++) {
  const start = performance.now();
  const explanation =
    way === 'json'
      ? JSON.parse(explainer.explainJson(values))
      : fromArrays(explainer.explainArrays(values));
  ms.push(Math.round(performance.now() - start));
  if (explanation.values.length !== rows.length) throw new Error('rows are missing');
}
explainer.delete();
console.log(job, way, ms.join(' '));
