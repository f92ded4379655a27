// TreeSHAP in the WebAssembly core (single thread) on the reference XGBoost model, in Node.
// Usage: node bench/tree_shap_wasm.mjs [path/to/whyrec_core.mjs]  (default build/wasm/)
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { loadCore } from '../web/core.mjs';
import { demoInputs } from './demo-inputs.mjs';
import { timesTable, treeShapTimes } from './tree-shap-timing.mjs';

const core = await loadCore(process.argv[2] ? pathToFileURL(process.argv[2]) : undefined);
const read = (path) => readFile(new URL(`../${path}`, import.meta.url), 'utf8');
const modelText = await read('examples/trees/ctr_xgb.json');
const inputs = { ...(await demoInputs(read)), modelText };
console.log(timesTable(treeShapTimes(core, inputs)));
