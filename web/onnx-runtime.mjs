// Loads onnxruntime-web: Node resolves the npm package; browsers import its ES module by URL (it
// finds its own .wasm files beside itself).
import { isNode, toUrl } from './environment.mjs';

export const defaultOrtUrl = new URL(
  '../node_modules/onnxruntime-web/dist/ort.min.mjs',
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
