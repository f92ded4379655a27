// Reads an ONNX file's tree ensemble (an ai.onnx.ml TreeEnsembleRegressor/Classifier node that
// reads the graph input) with protobufjs's reflection build, into the JSON the core's
// createOnnxTreeExplainer takes (core/models/onnx_attributes_json.h).
import { decodeOnnxModel } from './onnx-proto.mjs';

/**
 * { attributes (JSON), width (when the graph fixes it) } of the tree ensemble in ONNX `bytes`,
 * or null when none reads the model input. Throws when the bytes are not protobuf.
 */
export async function onnxTreeEnsemble(bytes, protobufUrl) {
  const graph = (await decodeOnnxModel(bytes, protobufUrl)).graph ?? {};
  const input = graph.input?.[0];
  const node = graph.node?.find(
    (n) =>
      n.domain === 'ai.onnx.ml' &&
      /^TreeEnsemble(Regressor|Classifier)$/.test(n.op_type) &&
      n.input[0] === input?.name,
  );
  if (!node) return null;
  const json = { op_type: node.op_type, outputs: node.output, ints: {}, floats: {}, strings: {} };
  json.other = [];
  const utf8 = new TextDecoder();
  // AttributeProto.type: FLOAT 1, INT 2, STRING 3, FLOATS 6, INTS 7, STRINGS 8.
  for (const a of node.attribute) {
    const [kind, value] = {
      1: ['floats', [a.f]],
      2: ['ints', [a.i]],
      3: ['strings', [a.s]],
      6: ['floats', a.floats],
      7: ['ints', a.ints],
      8: ['strings', a.strings],
    }[a.type] ?? ['other'];
    if (kind === 'other') json.other.push(a.name);
    else json[kind][a.name] = kind === 'strings' ? value.map((s) => utf8.decode(s)) : value;
  }
  const dims = input.type?.tensor?.shape?.dim ?? [];
  if (dims.length === 2 && dims[1].value) json.input_width = dims[1].value;
  return { attributes: JSON.stringify(json), width: json.input_width };
}
