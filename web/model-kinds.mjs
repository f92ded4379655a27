// What a model given to the JS API is, told without reading it: whyrec.mjs needs this on the page,
// where the rest of models.mjs (reading files) is the worker's.

export function isBytes(value) {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

// LightGBM's save_model() text begins with a line "tree".
export function isLightgbmText(text) {
  return /^\s*tree\r?\n/.test(text);
}

/** Whether a string is a model itself (JSON or LightGBM text) rather than its URL or path. */
export function isModelText(text) {
  return text.trimStart().startsWith('{') || isLightgbmText(text);
}
