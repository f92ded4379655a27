// TreeSHAP in the WebAssembly core (single thread) on the reference XGBoost model, in Node:
// the time per explained row with the explainer built once, in one call for many rows and in
// one call per row, and the one-time cost of parsing and tabulating the model.
// Usage: node bench/tree_shap_wasm.mjs [path/to/whyrec_core.mjs]  (default build/wasm/)
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadCore } from '../web/core.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const coreUrl = process.argv[2] ? pathToFileURL(process.argv[2]) : undefined;

function csvRows(text, drop = []) {
  const [header, ...lines] = text
    .trim()
    .split('\n')
    .map((line) => line.split(','));
  const keep = header.map((name, i) => (drop.includes(name) ? -1 : i)).filter((i) => i >= 0);
  return {
    names: keep.map((i) => header[i]),
    rows: lines.map((c) => keep.map((i) => Number(c[i]))),
  };
}

function time(fn, minMs = 1500) {
  fn(); // warm up
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    fn();
    runs++;
  }
  return (performance.now() - start) / runs;
}

const core = await loadCore(coreUrl);
const modelText = await readFile(root + 'examples/trees/ctr_xgb.json', 'utf8');
const data = csvRows(await readFile(root + 'examples/demo/candidates.csv', 'utf8'), [
  'user_id',
  'item_id',
  'label',
]);
const background = new Float32Array(
  csvRows(await readFile(root + 'examples/demo/background.csv', 'utf8')).rows.flat(),
);
const rows = 1000;
const instances = new Float32Array(data.rows.slice(0, rows).flat());
const width = data.names.length;

console.log(
  '| mode | per row, 1,000 rows in one call | per row, one call each | setup (parse + tables) |',
);
console.log('| --- | --- | --- | --- |');
for (const [mode, interactions] of [
  ['path', false], ['interventional', false], ['path', true], ['interventional', true],
]) {
  const config = JSON.stringify({ feature_names: data.names, tree_mode: mode, interactions });
  const setupMs = time(
    () => core.createTreeExplainer(modelText, config, background).delete(),
    3000,
  );
  const explainer = core.createTreeExplainer(modelText, config, background);
  const batchMs = time(() => explainer.explainJson(instances));
  let r = 0;
  const singleMs = time(() => {
    explainer.explainJson(instances.subarray(r * width, (r + 1) * width));
    r = (r + 1) % rows;
  });
  explainer.delete();
  const us = (ms) => `${(ms * 1000).toFixed(1)} µs`;
  const name = interactions ? `${mode} + interactions` : mode;
  console.log(`| ${name} | ${us(batchMs / rows)} | ${us(singleMs)} | ${setupMs.toFixed(1)} ms |`);
}
