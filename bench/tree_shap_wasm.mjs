// TreeSHAP in the WebAssembly core (single thread) on the reference XGBoost model, in Node: the
// core's own times, then one-row requests through the engine (the widget's path), whose tree
// explainer is built by the first request and kept for the next ones.
// Usage: node bench/tree_shap_wasm.mjs [path/to/whyrec_core.mjs]  (default build/wasm/)
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadCore } from '../web/core.mjs';
import { createEngine } from '../web/engine.mjs';
import { demoInputs } from './demo-inputs.mjs';
import { timesTable, treeShapTimes } from './tree-shap-timing.mjs';

const coreUrl = process.argv[2] ? pathToFileURL(process.argv[2]) : undefined;
const core = await loadCore(coreUrl);
const modelUrl = new URL('../examples/trees/ctr_xgb.json', import.meta.url);
const read = (path) => readFile(new URL(`../${path}`, import.meta.url), 'utf8');
const modelText = await read('examples/trees/ctr_xgb.json');
const inputs = { ...(await demoInputs(read)), modelText };
console.log(timesTable(treeShapTimes(core, inputs)));

const engine = createEngine({ coreUrl });
const requestMs = [];
for (let r = 0; r < 21; r++) {
  const start = performance.now();
  await engine.explain({
    model: fileURLToPath(modelUrl),
    instance: inputs.rows[r],
    background: inputs.background,
  });
  requestMs.push(performance.now() - start);
}
await engine.close();
const later = requestMs.slice(1).sort((a, b) => a - b);
console.log(
  `\nengine.explain, one row, path-dependent: first request ${requestMs[0].toFixed(1)} ms ` +
    `(reads the JSON, builds the explainer), next 20: median ${later[10].toFixed(1)} ms`,
);
