// LIME (5000 samples, lime's defaults) in the WebAssembly core in Node: the time per explained
// row with a model that costs almost nothing (a logistic model written in JS, so the time is the
// core's: sampling, kernel, feature selection, ridge), and with the demo MLP answered by
// onnxruntime-web through the JS API.
// Usage: node bench/lime_wasm.mjs [path/to/whyrec_core.mjs]  (default build/wasm/)
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadCore } from '../web/core.mjs';
import { demoInputs } from './demo-inputs.mjs';
import { configure, explain, close } from '../web/whyrec.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const coreUrl = process.argv[2] ? pathToFileURL(process.argv[2]) : undefined;
if (coreUrl) configure({ coreUrl });

async function time(fn, minMs = 3000) {
  await fn(); // warm up
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    await fn();
    runs++;
  }
  return (performance.now() - start) / runs;
}

const data = await demoInputs((path) => readFile(root + path, 'utf8'));
const background = new Float32Array(data.background.flat());
const logistic = JSON.parse(await readFile(root + 'examples/demo/ctr_logistic.json', 'utf8'));
const width = data.names.length;
const core = await loadCore(coreUrl);
const config = JSON.stringify({ feature_names: data.names, seed: 1 });

let r = 0;
const coreMs = await time(() => {
  const job = core.createJob('lime', config, new Float32Array(data.rows[r++ % 1000]), background);
  for (let rows = job.next(); rows.length; rows = job.next()) {
    const n = rows.length / width;
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let margin = logistic.intercept;
      for (let j = 0; j < width; j++) margin += logistic.coefficients[j] * rows[i * width + j];
      out[i] = 1 / (1 + Math.exp(-margin));
    }
    job.tell(out, 1);
  }
  job.resultJson();
  job.delete();
});

r = 0;
const mlpMs = await time(() =>
  explain({
    model: root + 'examples/demo/ctr_mlp.onnx',
    instance: data.rows[r++ % 1000],
    background: data.background,
    featureNames: data.names,
    method: 'lime',
    output: 'prob',
    settings: { seed: 1 },
  }),
);
await close();

console.log(
  '| LIME, 5,000 samples + 100 background rows, WebAssembly in Node | ms per explained row |',
);
console.log('| --- | --- |');
console.log(`| core only (logistic model in JS) | ${coreMs.toFixed(1)} ms |`);
console.log(`| demo MLP with onnxruntime-web (explain API) | ${mlpMs.toFixed(1)} ms |`);
