// What a caller may pass as `model`: whyrec.d.ts's Model. Gzip-compressed files (.json.gz,
// .txt.gz, .onnx.gz) are decompressed first.
import { readBytes, readText } from './environment.mjs';
import { isBytes, isLightgbmText } from './model-kinds.mjs';

// { kind: 'onnx', source }, { kind: 'linear' | 'xgboost' | 'distilled…', spec } or
// { kind: 'lightgbm', text, featureNames }.
export async function resolveModel(model) {
  if (isBytes(model)) return resolveBytes(asUint8Array(model), 'the model bytes');
  if (typeof model === 'string') {
    if (model.trimStart().startsWith('{')) {
      return whiteBox(parseJson(model, 'the model JSON'), model);
    }
    if (isLightgbmText(model)) return lightgbm(model);
    if (/\.gz([?#]|$)/i.test(model)) return resolveBytes(await readBytes(model), model);
    if (/\.(json|txt)([?#]|$)/i.test(model)) return resolveText(await readText(model), model);
    return { kind: 'onnx', source: model };
  }
  if (model !== null && typeof model === 'object') return whiteBox(model);
  throw new Error(
    '`model` must be an ONNX file (URL, path or bytes) or a linear model ({ type: "linear", … })',
  );
}

async function resolveBytes(bytes, source) {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return resolveBytes(await gunzip(bytes), source);
  // A JSON or LightGBM text model is text; ONNX is protobuf, which never starts with '{' or 't'.
  const head = new TextDecoder().decode(bytes.subarray(0, 16)).trimStart();
  if (head.startsWith('{') || isLightgbmText(head)) {
    return resolveText(new TextDecoder().decode(bytes), source);
  }
  return { kind: 'onnx', source: bytes };
}

function resolveText(text, source) {
  return isLightgbmText(text) ? lightgbm(text) : whiteBox(parseJson(text, source), text);
}

async function gunzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function lightgbm(text) {
  const names = /^feature_names=(.*)$/m.exec(text);
  return { kind: 'lightgbm', text, featureNames: names ? names[1].trim().split(/ +/) : undefined };
}

function whiteBox(spec, text) {
  // XGBoost's save_model() JSON: { learner: { gradient_booster, objective, … }, version }; the
  // core reads its text, if any, rather than the spec written out again.
  if (spec.learner !== null && typeof spec.learner === 'object') {
    return { kind: 'xgboost', spec, text };
  }
  if (spec.format === 'whyrec-distilled') {
    // The tree families are one-tree ensembles, explained by TreeSHAP; the additive ones by
    // their closed form; item-to-item reads histories.
    if (spec.family === 'item_to_item') return { kind: 'distilled-history', spec };
    const tree = spec.family === 'tree' || spec.family === 'rule_list';
    return { kind: tree ? 'distilled-tree' : 'distilled', spec };
  }
  if (spec.type !== 'linear') {
    throw new Error(
      `unsupported model type "${spec.type}"; white-box models are: linear, XGBoost JSON, ` +
        'whyrec-distilled',
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
