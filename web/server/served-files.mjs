// What the demo server serves: URL folders mapped to repository folders, and the content types
// express does not know.
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));

export const servedFolders = {
  '/web/': 'web/',
  '/build/wasm/': 'build/wasm/',
  '/build/web/': 'build/web/',
  '/examples/': 'examples/',
  '/node_modules/onnxruntime-web/dist/': 'node_modules/onnxruntime-web/dist/',
  '/node_modules/@observablehq/plot/dist/': 'node_modules/@observablehq/plot/dist/',
  '/node_modules/d3/dist/': 'node_modules/d3/dist/',
  '/node_modules/papaparse/': 'node_modules/papaparse/',
  '/node_modules/protobufjs/dist/light/': 'node_modules/protobufjs/dist/light/',
};

export const contentTypes = { '.mjs': 'text/javascript', '.wasm': 'application/wasm' };

// Precompressed at build time (web/precompress.mjs): every text or WebAssembly file of the
// repository's own folders, and of the packages only what pages load (ONNX Runtime's dist folder
// alone holds 140 MB of builds the pages never ask for).
export const compressedPackageFiles = [
  'node_modules/onnxruntime-web/dist/ort.wasm.min.mjs',
  'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.mjs',
  'node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm',
  'node_modules/@observablehq/plot/dist/plot.umd.min.js',
  'node_modules/d3/dist/d3.min.js',
  'node_modules/papaparse/papaparse.min.js',
  'node_modules/protobufjs/dist/light/protobuf.min.js',
];

export const compressible = /\.(m?js|css|html|json|jsonl|csv|txt|svg|wasm|onnx)$/;

/** Where the build keeps precompressed copies: <folder>/<path in the repository>.<br | gz>. */
export const precompressedFolder = `${root}build/precompressed/`;
