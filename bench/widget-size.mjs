// What a page downloads for <why-recommended>, ONNX Runtime excepted: the widget's modules, the
// JS API and worker modules they load (followed through their relative imports, the worker URL
// and the core URL), and the core's Emscripten module and WebAssembly, each gzipped at level 9
// as a server would send them (1 KB = 1,000 bytes). `node bench/widget-size.mjs` prints the table.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = new URL('../', import.meta.url);
const entry = new URL('web/widget/why-recommended.mjs', root);
// Relative module references: static and dynamic imports, and new URL('…', import.meta.url).
const references = /(?:from\s+|import\s*\(\s*|new URL\(\s*)'(\.{1,2}\/[^']+\.m?js)'/g;

/** The widget's own JS files (module graph from the widget), then the core's two files. */
export async function widgetFiles() {
  const seen = new Set();
  const queue = [entry];
  while (queue.length) {
    const url = queue.shift();
    if (seen.has(url.href)) continue;
    seen.add(url.href);
    const text = await readFile(url, 'utf8');
    for (const [, reference] of text.matchAll(references)) {
      const next = new URL(reference, url);
      // The core's glue module is counted with its .wasm below; ONNX Runtime is excluded.
      if (next.pathname.includes('/build/') || next.pathname.includes('/node_modules/')) continue;
      queue.push(next);
    }
  }
  const js = [...seen].map((href) => new URL(href));
  const core = ['build/wasm/whyrec_shapley.mjs', 'build/wasm/whyrec_shapley.wasm'].map(
    (path) => new URL(path, root),
  );
  return { js, core };
}

/** Bytes, raw and gzipped (-9), per file and in total for the widget's JS and for the core. */
export async function widgetSize() {
  const { js, core } = await widgetFiles();
  const measure = async (url) => {
    const bytes = await readFile(url);
    return {
      file: fileURLToPath(url).slice(fileURLToPath(root).length),
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
    };
  };
  const jsFiles = await Promise.all(js.map(measure));
  const coreFiles = await Promise.all(core.map(measure));
  const total = (files) => files.reduce((sum, f) => sum + f.gzip, 0);
  return {
    jsFiles,
    coreFiles,
    jsGzip: total(jsFiles),
    coreGzip: total(coreFiles),
    wasmGzip: coreFiles.find((f) => f.file.endsWith('.wasm')).gzip,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const size = await widgetSize();
  const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
  console.log('| file | raw | gzip -9 |\n| --- | --- | --- |');
  for (const f of [...size.jsFiles, ...size.coreFiles]) {
    console.log(`| \`${f.file}\` | ${kb(f.raw)} | ${kb(f.gzip)} |`);
  }
  console.log(`| widget JS (${size.jsFiles.length} modules) | | ${kb(size.jsGzip)} |`);
  console.log(`| core (glue + wasm) | | ${kb(size.coreGzip)} |`);
  console.log(`| total | | ${kb(size.jsGzip + size.coreGzip)} |`);
}
