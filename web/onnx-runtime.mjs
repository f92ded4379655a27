// Loads onnxruntime-web: Node resolves the npm package; browsers import its ES module by URL (it
// finds its own .wasm files beside itself).
import { isNode, toUrl } from './environment.mjs';

// The CPU-only build: ort.min.mjs would also pull in WebGPU support, a 28 MB .wasm instead of
// 14 MB, and whyrec runs models on the CPU.
export const defaultOrtUrl = new URL(
  '../node_modules/onnxruntime-web/dist/ort.wasm.min.mjs',
  import.meta.url,
);

export async function loadOnnxRuntime(ortUrl) {
  const ort =
    isNode && !ortUrl
      ? await import('onnxruntime-web')
      : await import((await toUrl(ortUrl ?? defaultOrtUrl)).href);
  // Threads need SharedArrayBuffer, which only cross-origin-isolated pages have; elsewhere ORT
  // would warn and fall back to one thread anyway. Isolated pages keep ORT's default count.
  if (globalThis.crossOriginIsolated !== true) ort.env.wasm.numThreads = 1;
  return ort;
}
