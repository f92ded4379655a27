// What a page downloads for <why-recommended>, the model's runtime excepted (ONNX Runtime for
// ONNX models, protobufjs for ONNX tree ensembles): the widget's modules, the JS API and worker
// modules they load (followed through their relative imports, the worker URL and the core URL),
// and one of the three cores, each its Emscripten module and WebAssembly: the Shapley core for
// ONNX models, the white-box core for tree and linear models, the distilled core for distilled
// models, which also load the engine's web/distilled/ modules (counted apart, as "distilled JS"),
// and for distilled history models, which load the history mode's modules ("history JS").
// Files are gzipped at level 9 as a server would send them (1 KB = 1,000 bytes).
// `node bench/widget-size.mjs` prints the table.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

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

// Every module reachable from the widget, excluding the core's glue (counted with its .wasm
// below), ONNX Runtime, the engine's analysis jobs (web/analysis/: importance, curves,
// counterfactuals), which no widget calls, and web/explanation-arrays.mjs, which the engine loads
// only for a core with explainArrays, which the widget's cores lack (tests/js/
// explanation-arrays.test.mjs); and the history mode's (web/history/, widget/history-*) unless
// `history`.
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
      if (/\/analysis\/|\/explanation-arrays\.mjs$/.test(next.pathname)) continue;
      if (!history && /\/history\/|\/history-[^/]*$/.test(next.pathname)) continue;
      queue.push(next);
    }
  }
  return [...seen].map((href) => new URL(href));
}

/**
 * The widget's own JS files (module graph from the widget), those only distilled models load,
 * those only history widgets load (history mode: an ONNX history model also loads ONNX Runtime
 * and the full core, a distilled item-to-item model the distilled core), then each core's two
 * files.
 */
export async function widgetFiles() {
  const urls = await reachable(false);
  const known = new Set(urls.map((url) => url.href));
  const historyJs = (await reachable(true)).filter((url) => !known.has(url.href));
  const distilled = (url) => url.pathname.includes('/web/distilled/');
  const core = (name) => ['mjs', 'wasm'].map((ext) => new URL(`build/wasm/${name}.${ext}`, root));
  return {
    js: urls.filter((url) => !distilled(url)),
    distilledJs: urls.filter(distilled),
    historyJs,
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
