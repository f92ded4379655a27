// whyrec's modules as browsers load them, bundled by esbuild into build/web/:
// - worker.mjs: web/worker.mjs and the modules it imports, with one file (a chunk) for each set of
//   modules the engine imports later (ONNX Runtime's loader, the distilled model, the analysis
//   jobs…). Unbundled, a cold page waited for its worker's modules level by level, six requests at
//   a time (bench/README.md, "The worker in one file").
// - why-recommended.mjs: the widget and every module it imports, history mode included: one
//   request where the sources are seven in two levels (bench/README.md, "Distilled models in the
//   page"). Its JS API is whyrec.mjs beside it, so that a page that imports both shares one.
// - whyrec.mjs: the JS API's page side. Outside pages it runs the engine in-process: the
//   sources' (web/engine.mjs), as Node does.
// Node runs the sources; pages may load either, but not both (two JS APIs start two workers).
//
// The sources find files relative to themselves (`new URL('../build/wasm/…', import.meta.url)`):
// each such URL is rewritten for the bundle's folder, so that it names the same file. Files are
// written only when their bytes change, so that precompressed copies and browsers' caches stay
// valid; build/bundle.json maps the bundle's modules to their sources (bundleMap), which
// bundleProblem compares with the sources' times.
//
//   node web/server/bundle.mjs
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { root } from './served-files.mjs';

export const bundleFolder = join(root, 'build/web');
const sourcesFile = join(root, 'build/bundle.json');
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

// An import the bundle leaves to another file: `specifier`, imported by `importer` (a path
// relative to the repository), becomes an import of `path`, relative to the bundle's folder.
function importElsewhere(importer, specifier, path) {
  return {
    name: `import-${path}`,
    setup(build) {
      const filter = new RegExp(`^${specifier.replace(/[.]/g, '\\.')}$`);
      build.onResolve({ filter }, (args) =>
        relative(root, args.importer).startsWith(importer) ? { path, external: true } : undefined,
      );
    },
  };
}

const shared = {
  absWorkingDir: root,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: 'linked',
  outdir: bundleFolder,
  outExtension: { '.js': '.mjs' },
  metafile: true,
  write: false,
  logLevel: 'warning',
};

const builds = [
  {
    entryPoints: ['web/worker.mjs'],
    splitting: true,
    // Imported only in Node, behind isNode.
    external: ['node:*', 'onnxruntime-web', 'protobufjs/*'],
    plugins: [relativeUrls],
  },
  {
    entryPoints: ['web/whyrec.mjs'],
    plugins: [
      importElsewhere('web/whyrec.mjs', './engine.mjs', '../../web/engine.mjs'),
      relativeUrls,
    ],
  },
  {
    entryPoints: ['web/widget/why-recommended.mjs'],
    plugins: [importElsewhere('web/widget/', '../whyrec.mjs', './whyrec.mjs'), relativeUrls],
  },
];

/** Bundles the modules; resolves to how many files it wrote (0 when the bundle was current). */
export async function bundle() {
  const { build } = await import('esbuild').catch((error) => {
    throw new Error(`esbuild (a dev dependency) is missing: npm ci installs it (${error.message})`);
  });
  const results = await Promise.all(builds.map((options) => build({ ...shared, ...options })));
  const outputFiles = results.flatMap((result) => result.outputFiles);
  await mkdir(bundleFolder, { recursive: true });
  let written = 0;
  for (const file of outputFiles) {
    const old = await readFile(file.path).catch(() => null);
    if (old?.equals(file.contents)) continue;
    await writeFile(file.path, file.contents);
    written++;
  }
  // Chunks of earlier builds, under names (hashes) no longer used.
  const current = new Set(outputFiles.map((file) => file.path));
  for (const name of await readdir(bundleFolder)) {
    if (!current.has(join(bundleFolder, name))) await rm(join(bundleFolder, name));
  }
  const maps = results.map((result) => bundleMap(result.metafile));
  const map = {
    sources: [...new Set(maps.flatMap((m) => m.sources))],
    modules: maps.flatMap((m) => m.modules),
  };
  await writeFile(sourcesFile, `${JSON.stringify(map, null, 1)}\n`);
  return written;
}

// What build/bundle.json holds: the sources bundled, and per module of the bundle the source that
// is its entry (its own, or one the engine imports later; none for a chunk of shared code), the
// modules it imports statically and later (dynamically; those of other files included), and its
// sources.
function bundleMap({ inputs, outputs }) {
  const modules = Object.entries(outputs)
    .filter(([file]) => file.endsWith('.mjs'))
    .map(([file, output]) => ({
      file,
      entry: output.entryPoint ?? null,
      imports: output.imports.filter((i) => i.kind === 'import-statement').map((i) => i.path),
      later: output.imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path),
      sources: Object.keys(output.inputs),
    }));
  return { sources: Object.keys(inputs), modules };
}

/** What build/bundle.json holds (bundleMap), or null when nothing was ever bundled. */
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
  if (map === null || !bundled) return 'the modules are not bundled (no build/web/)';
  for (const source of map.sources) {
    const info = await stat(join(root, source)).catch(() => null);
    if (!info || info.mtimeMs > bundled.mtimeMs) {
      return `the bundle (build/web/) is older than ${source}`;
    }
  }
  return null;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const written = await bundle();
  console.log(`bundle: ${written} files written to build/web/`);
}
