// What a caller may pass as `model`: an ONNX file (URL or path string, or its bytes), or a
// white-box model: linear or XGBoost (an object, its JSON text, or a URL or path of a .json file).
import { readText } from './environment.mjs';

export function isBytes(value) {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

/** { kind: 'onnx', source: string | bytes } or { kind: 'linear' | 'xgboost', spec: object }. */
export async function resolveModel(model) {
  if (isBytes(model)) return { kind: 'onnx', source: model };
  if (typeof model === 'string') {
    if (model.trimStart().startsWith('{')) return whiteBox(parseJson(model, 'the model JSON'));
    if (/\.json([?#]|$)/i.test(model)) return whiteBox(parseJson(await readText(model), model));
    return { kind: 'onnx', source: model };
  }
  if (model !== null && typeof model === 'object') return whiteBox(model);
  throw new Error(
    '`model` must be an ONNX file (URL, path or bytes) or a linear model ({ type: "linear", … })',
  );
}

function whiteBox(spec) {
  // XGBoost's save_model() JSON: { learner: { gradient_booster, objective, … }, version }.
  if (spec.learner !== null && typeof spec.learner === 'object') return { kind: 'xgboost', spec };
  if (spec.type !== 'linear') {
    throw new Error(
      `unsupported model type "${spec.type}"; white-box models are: linear, XGBoost JSON`,
    );
  }
  return { kind: 'linear', spec };
}

function parseJson(text, source) {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not valid JSON: ${error.message}`);
  }
}

/** ONNX Runtime takes Uint8Array; callers may hold an ArrayBuffer or any view of one. */
export function asUint8Array(bytes) {
  return bytes instanceof ArrayBuffer
    ? new Uint8Array(bytes)
    : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
