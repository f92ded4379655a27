// What a page downloads for <why-recommended>, the model's runtime excepted (ONNX Runtime for
// ONNX models, protobufjs for ONNX tree ensembles): the widget's modules and the JS API's page
// side (followed through their relative imports), the worker as the build bundles it
// (build/web/), and one of the three cores, each its Emscripten module and WebAssembly: the
// Shapley core for ONNX models, the white-box core for tree and linear models, the distilled core
// for distilled models, which also load the engine's web/distilled/ modules (counted apart, as
// "distilled JS"), and for distilled history models, which load the history mode's modules
// ("history JS").
// Files are gzipped at level 9 as a server would send them (1 KB = 1,000 bytes).
// `node bench/widget-size.mjs` prints the table.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { readBundleMap } from '../web/server/bundle-worker.mjs';

const root = new URL('../', import.meta.url);
const entry = new URL('web/widget/why-recommended.mjs', root);
// Relative module references: static imports (`import … from '…'`, or `import '…'` for a module's
// effects), and those fetched later: dynamic imports and new URL('…', import.meta.url).
const staticImport = /^import\s[^;]*?'(\.{1,2}\/[^']+\.m?js)'/gm;
const laterReference = /(?:import\s*\(\s*|new URL\(\s*)'(\.{1,2}\/[^']+\.m?js)'/g;
const referencesIn = (text, pattern, url) =>
  [...text.matchAll(pattern)].map(([, reference]) => new URL(reference, url));

/** The modules the module at `url` imports statically, as URLs. */
export async function staticImports(url) {
  return referencesIn(await readFile(url, 'utf8'), staticImport, url);
}

// The page side's modules reachable from the widget, excluding the bundled worker and the cores
// (under build/, counted below), the engine (pages run it in the worker), ONNX Runtime, and the history mode's (widget/history-*,
// items-csv.mjs) unless `history`.
async function reachable(history) {
  const seen = new Set();
  const queue = [entry];
  while (queue.length) {
    const url = queue.shift();
    if (seen.has(url.href)) continue;
    seen.add(url.href);
    const text = await readFile(url, 'utf8');
    const references = [staticImport, laterReference].flatMap((p) => referencesIn(text, p, url));
    for (const next of references) {
      if (next.pathname.includes('/build/') || next.pathname.includes('/node_modules/')) continue;
      // whyrec.mjs imports the engine itself only outside pages (in Node).
      if (next.pathname.endsWith('/web/engine.mjs')) continue;
      if (!history && /\/history\/|\/history-[^/]*$/.test(next.pathname)) continue;
      queue.push(next);
    }
  }
  return [...seen].map((href) => new URL(href));
}

// The bundled worker's modules (build/web/, web/server/bundle-worker.mjs) in three groups: what
// every widget loads (the worker, its chunks, and ONNX Runtime's loader and the ONNX reader, which
// the engine imports for ONNX models), what distilled models add (web/distilled/) and what history
// widgets add (web/history/). Not the analysis jobs (importance, curves, counterfactuals), which
// no widget calls, nor web/explanation-arrays.mjs, which the engine imports only for a core with
// explainArrays, which the widget's cores lack (tests/js/explanation-arrays.test.mjs).
async function bundledWorker() {
  const map = await readBundleMap();
  if (!map) throw new Error('build/worker-bundle.json is missing: npm run build');
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
    base: group(base),
    distilled: group(beyond(/^web\/distilled\//)),
    history: group(beyond(/^web\/history\/engine-jobs\.mjs$/)),
  };
}

/**
 * The widget's own JS files (module graph from the widget, and the bundled worker), those only
 * distilled models load, those only history widgets load (history mode: an ONNX history model
 * also loads ONNX Runtime and the full core, a distilled item-to-item model the distilled core),
 * then each core's two files. `sources`: the repository's modules each group holds.
 */
export async function widgetFiles() {
  const pageSide = await reachable(false);
  const known = new Set(pageSide.map((url) => url.href));
  const pageHistory = (await reachable(true)).filter((url) => !known.has(url.href));
  const worker = await bundledWorker();
  const urls = (modules) => modules.map(({ file }) => new URL(file, root));
  const sources = (page, modules) => [
    ...page.map((url) => url.pathname.slice(root.pathname.length)),
    ...modules.flatMap((module) => module.sources),
  ];
  const core = (name) => ['mjs', 'wasm'].map((ext) => new URL(`build/wasm/${name}.${ext}`, root));
  return {
    js: [...pageSide, ...urls(worker.base)],
    distilledJs: urls(worker.distilled),
    historyJs: [...pageHistory, ...urls(worker.history)],
    sources: {
      js: sources(pageSide, worker.base),
      distilledJs: sources([], worker.distilled),
      historyJs: sources(pageHistory, worker.history),
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
  const { js, distilledJs, historyJs, cores } = await widgetFiles();
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
  const { jsFiles, jsGzip, distilledJs, historyJs, shapleyCore, whiteBoxCore, distilledCore } =
    size;
  const cores = [shapleyCore, whiteBoxCore, distilledCore];
  const extra = [...distilledJs.files, ...historyJs.files];
  for (const f of [...jsFiles, ...extra, ...cores.flatMap((core) => core.files)]) {
    console.log(`| \`${f.file}\` | ${kb(f.raw)} | ${kb(f.gzip)} |`);
  }
  console.log(`| widget JS (${jsFiles.length} modules) | | ${kb(jsGzip)} |`);
  console.log(`| Shapley core (glue + wasm) | | ${kb(shapleyCore.gzip)} |`);
  console.log(`| distilled JS (${distilledJs.files.length} modules) | | ${kb(distilledJs.gzip)} |`);
  console.log(`| white-box core (glue + wasm) | | ${kb(whiteBoxCore.gzip)} |`);
  console.log(`| distilled core (glue + wasm) | | ${kb(distilledCore.gzip)} |`);
  console.log(`| total, ONNX model | | ${kb(jsGzip + shapleyCore.gzip)} |`);
  console.log(`| total, tree or linear model | | ${kb(jsGzip + whiteBoxCore.gzip)} |`);
  const distilledTotal = jsGzip + distilledJs.gzip + distilledCore.gzip;
  console.log(`| total, distilled model | | ${kb(distilledTotal)} |`);
  console.log(`| history JS (${historyJs.files.length} modules) | | ${kb(historyJs.gzip)} |`);
  const historyTotal = jsGzip + historyJs.gzip + distilledCore.gzip;
  console.log(`| total, distilled history model | | ${kb(historyTotal)} |`);
}
