// The worker as browsers load it: web/worker.mjs and the modules it imports, bundled by esbuild
// into build/web/worker.mjs, with one file (a chunk) for each set of modules the engine imports
// later (ONNX Runtime's loader, the distilled model, the analysis jobs…). Unbundled, a cold page
// waited for its worker's modules level by level, six requests at a time (bench/README.md, "The
// worker in one file"). Node runs web/worker.mjs itself; only pages load the bundle.
//
// The sources find files relative to themselves (`new URL('../build/wasm/…', import.meta.url)`):
// each such URL is rewritten for the bundle's folder, so that it names the same file. Files are
// written only when their bytes change, so that precompressed copies and browsers' caches stay
// valid; build/worker-bundle.json maps the bundle's modules to their sources (bundleMap), which
// bundleProblem compares with the sources' times.
//
//   node web/server/bundle-worker.mjs
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { root } from './served-files.mjs';

export const bundleFolder = join(root, 'build/web');
const sourcesFile = join(root, 'build/worker-bundle.json');
// A relative URL resolved against the module's own: its literal prefix, up to a template's `${`.
const relativeUrl = /(new URL\(\s*)(['`])(\.{1,2}\/[^'`$]*)/g;

// Rewrites a module's relative URLs to name, from the bundle's folder, the files they named.
const relativeUrls = {
  name: 'relative-urls',
  setup(build) {
    build.onLoad({ filter: /\.mjs$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const contents = source.replace(relativeUrl, (match, start, quote, reference) => {
        const target = fileURLToPath(new URL(reference, pathToFileURL(path)));
        const moved = relative(bundleFolder, target) + (reference.endsWith('/') ? '/' : '');
        return `${start}${quote}${moved.startsWith('.') ? moved : `./${moved}`}`;
      });
      return { contents, loader: 'js' };
    });
  },
};

/** Bundles the worker; resolves to how many files it wrote (0 when the bundle was current). */
export async function bundleWorker() {
  const { build } = await import('esbuild').catch((error) => {
    throw new Error(`esbuild (a dev dependency) is missing: npm ci installs it (${error.message})`);
  });
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['web/worker.mjs'],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
    outdir: bundleFolder,
    outExtension: { '.js': '.mjs' },
    // Imported only in Node, behind isNode.
    external: ['node:*', 'onnxruntime-web', 'protobufjs/*'],
    plugins: [relativeUrls],
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  await mkdir(bundleFolder, { recursive: true });
  let written = 0;
  for (const file of result.outputFiles) {
    const old = await readFile(file.path).catch(() => null);
    if (old?.equals(file.contents)) continue;
    await writeFile(file.path, file.contents);
    written++;
  }
  // Chunks of earlier builds, under names (hashes) no longer used.
  const current = new Set(result.outputFiles.map((file) => file.path));
  for (const name of await readdir(bundleFolder)) {
    if (!current.has(join(bundleFolder, name))) await rm(join(bundleFolder, name));
  }
  await writeFile(sourcesFile, `${JSON.stringify(bundleMap(result.metafile), null, 1)}\n`);
  return written;
}

// What build/worker-bundle.json holds: the sources bundled, and per module of the bundle the
// source that is its entry (its own, or one the engine imports later; none for a chunk of shared
// code), the modules it imports statically, and its sources.
function bundleMap({ inputs, outputs }) {
  const modules = Object.entries(outputs)
    .filter(([file]) => file.endsWith('.mjs'))
    .map(([file, output]) => ({
      file,
      entry: output.entryPoint ?? null,
      imports: output.imports.filter((i) => i.kind === 'import-statement').map((i) => i.path),
      sources: Object.keys(output.inputs),
    }));
  return { sources: Object.keys(inputs), modules };
}

/** What build/worker-bundle.json holds (bundleMap), or null when the worker was never bundled. */
export async function readBundleMap() {
  const text = await readFile(sourcesFile, 'utf8').catch(() => null);
  return text === null ? null : JSON.parse(text);
}

/**
 * Why the bundle cannot serve as it is (it was never made, or a source changed since), or null
 * when it is current.
 */
export async function bundleProblem() {
  const map = await readBundleMap();
  const bundled = await stat(sourcesFile).catch(() => null);
  if (map === null || !bundled) return 'the worker is not bundled (no build/web/)';
  for (const source of map.sources) {
    const info = await stat(join(root, source)).catch(() => null);
    if (!info || info.mtimeMs > bundled.mtimeMs) {
      return `the bundled worker (build/web/) is older than ${source}`;
    }
  }
  return null;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const written = await bundleWorker();
  console.log(`worker bundle: ${written} files written to build/web/`);
}
