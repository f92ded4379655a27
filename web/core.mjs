// Loads the whyrec WebAssembly core: an Emscripten ES6 factory module next to its .wasm file.
import { isNode, readBytes, toUrl } from './environment.mjs';

export const defaultCoreUrl = new URL('../build/wasm/whyrec_core.mjs', import.meta.url);

export async function loadCore(coreUrl = defaultCoreUrl) {
  const url = await toUrl(coreUrl);
  const { default: createCore } = await import(url.href);
  // Browsers fetch the .wasm beside the module themselves; the module is built without Node
  // support, so in Node it is handed the bytes.
  if (!isNode) return createCore();
  const wasmUrl = new URL(url.pathname.replace(/\.m?js$/, '.wasm'), url);
  return createCore({ wasmBinary: await readBytes(wasmUrl) });
}
