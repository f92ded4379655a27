// What a page downloads for <why-recommended>, the model's runtime excepted (ONNX Runtime for
// ONNX models, protobufjs for ONNX tree ensembles), as the build bundles it (build/web/,
// web/server/bundle.mjs): the widget, history mode included (one module). A distilled GA2M and a
// distilled item-to-item history model it explains itself, in the page: that is all it loads.
// For other models it adds the JS API's page side, the worker and one of three cores, each its
// Emscripten module and WebAssembly: the Shapley core for ONNX models, the white-box core for
// tree and linear models, the distilled core for distilled models explained in the worker
// (another method than the closed form), which also load the engine's web/distilled/ modules
// (counted apart, as "distilled JS"), and for distilled history models the JS API explains (a
// page's own calls), which load the history jobs ("history JS").
// Files are gzipped at level 9 as a server would send them (1 KB = 1,000 bytes).
// `node bench/widget-size.mjs` prints the table.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { readBundleMap } from '../web/server/bundle.mjs';

const root = new URL('../', import.meta.url);
// Relative module references: static imports (`import … from '…'`, or `import '…'` for a module's
// effects).
const staticImport = /^import\s[^;]*?'(\.{1,2}\/[^']+\.m?js)'/gm;

/** The modules the module at `url` imports statically, as URLs. */
export async function staticImports(url) {
  const text = await readFile(url, 'utf8');
  return [...text.matchAll(staticImport)].map(([, reference]) => new URL(reference, url));
}

// The bundle's modules in groups: the widget; the JS API; what every worker loads (the worker,
// its chunks, and ONNX Runtime's loader and the ONNX reader, which the engine imports for ONNX
// models); what distilled models add in the worker (web/distilled/) and what history widgets add
// (web/history/). Not the analysis jobs (importance, curves, counterfactuals), which no widget
// calls, nor web/explanation-arrays.mjs, which the engine imports only for a core with
// explainArrays, which the widget's cores lack (tests/js/explanation-arrays.test.mjs).
async function bundled() {
  const map = await readBundleMap();
  if (!map) throw new Error('build/bundle.json is missing: npm run build');
  const byFile = new Map(map.modules.map((module) => [module.file, module]));
  const closure = (files, seen = new Set()) => {
    for (const file of files) {
      if (seen.has(file) || !byFile.has(file)) continue;
      seen.add(file);
      closure(byFile.get(file).imports, seen);
    }
    return seen;
  };
  const entries = (pattern) => map.modules.filter((m) => pattern.test(m.entry)).map((m) => m.file);
  const base = closure(entries(/^web\/(worker|onnx-[^/]*)\.mjs$/));
  const beyond = (pattern) => [...closure(entries(pattern))].filter((file) => !base.has(file));
  const group = (files) => [...files].map((file) => byFile.get(file));
  return {
    widget: group(closure(entries(/^web\/widget\/why-recommended\.mjs$/))),
    api: group(closure(entries(/^web\/whyrec\.mjs$/))),
    worker: group(base),
    distilled: group(beyond(/^web\/distilled\//)),
    history: group(beyond(/^web\/history\/engine-jobs\.mjs$/)),
  };
}

/**
 * The widget's own JS files: `widget` (all a distilled GA2M needs), `js` (what the worker adds for
 * other models: the widget, the JS API and the worker), those only distilled models explained in
 * the worker load, those only history widgets load (an ONNX history model also loads ONNX Runtime
 * and the full core, a distilled item-to-item model the distilled core), then each core's two
 * files. `sources`: the repository's modules each group holds.
 */
export async function widgetFiles() {
  const modules = await bundled();
  const urls = (group) => group.map(({ file }) => new URL(file, root));
  const sources = (group) => group.flatMap((module) => module.sources);
  const core = (name) => ['mjs', 'wasm'].map((ext) => new URL(`build/wasm/${name}.${ext}`, root));
  const js = [...modules.widget, ...modules.api, ...modules.worker];
  return {
    widget: urls(modules.widget),
    js: urls(js),
    distilledJs: urls(modules.distilled),
    historyJs: urls(modules.history),
    sources: {
      widget: sources(modules.widget),
      js: sources(js),
      distilledJs: sources(modules.distilled),
      historyJs: sources(modules.history),
    },
    cores: {
      shapley: core('whyrec_shapley'),
      whiteBox: core('whyrec_white_box'),
      distilled: core('whyrec_distilled'),
    },
  };
}

/** Bytes, raw and gzipped (-9), per file and in total for the widget's JS and for each core. */
export async function widgetSize() {
  const { widget, js, distilledJs, historyJs, cores } = await widgetFiles();
  const measure = async (url) => {
    const bytes = await readFile(url);
    return {
      file: fileURLToPath(url).slice(fileURLToPath(root).length),
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
    };
  };
  const total = (files) => files.reduce((sum, f) => sum + f.gzip, 0);
  const jsFiles = await Promise.all(js.map(measure));
  const size = async (urls) => {
    const files = await Promise.all(urls.map(measure));
    return { files, gzip: total(files) };
  };
  return {
    widget: await size(widget),
    jsFiles,
    jsGzip: total(jsFiles),
    distilledJs: await size(distilledJs),
    historyJs: await size(historyJs),
    shapleyCore: await size(cores.shapley),
    whiteBoxCore: await size(cores.whiteBox),
    distilledCore: await size(cores.distilled),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const size = await widgetSize();
  const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
  console.log('| file | raw | gzip -9 |\n| --- | --- | --- |');
  const { widget, jsFiles, jsGzip, distilledJs, historyJs } = size;
  const { shapleyCore, whiteBoxCore, distilledCore } = size;
  const cores = [shapleyCore, whiteBoxCore, distilledCore];
  const extra = [...distilledJs.files, ...historyJs.files];
  for (const f of [...jsFiles, ...extra, ...cores.flatMap((core) => core.files)]) {
    console.log(`| \`${f.file}\` | ${kb(f.raw)} | ${kb(f.gzip)} |`);
  }
  console.log(`| widget (${widget.files.length} module) | | ${kb(widget.gzip)} |`);
  console.log(`| total, distilled GA2M or history model (in the page) | | ${kb(widget.gzip)} |`);
  console.log(`| widget, JS API and worker (${jsFiles.length} modules) | | ${kb(jsGzip)} |`);
  console.log(`| Shapley core (glue + wasm) | | ${kb(shapleyCore.gzip)} |`);
  console.log(`| distilled JS (${distilledJs.files.length} modules) | | ${kb(distilledJs.gzip)} |`);
  console.log(`| white-box core (glue + wasm) | | ${kb(whiteBoxCore.gzip)} |`);
  console.log(`| distilled core (glue + wasm) | | ${kb(distilledCore.gzip)} |`);
  console.log(`| total, ONNX model | | ${kb(jsGzip + shapleyCore.gzip)} |`);
  console.log(`| total, tree or linear model | | ${kb(jsGzip + whiteBoxCore.gzip)} |`);
  const distilledTotal = jsGzip + distilledJs.gzip + distilledCore.gzip;
  console.log(`| total, distilled model in the worker | | ${kb(distilledTotal)} |`);
  console.log(`| history JS (${historyJs.files.length} modules) | | ${kb(historyJs.gzip)} |`);
  const historyTotal = jsGzip + historyJs.gzip + distilledCore.gzip;
  console.log(`| total, distilled history model in the worker | | ${kb(historyTotal)} |`);
}
