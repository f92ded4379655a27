// Reads an ONNX file's tree ensemble (an ai.onnx.ml TreeEnsembleRegressor/Classifier node that
// reads the graph input) with protobufjs's reflection build, into the JSON the core's
// createOnnxTreeExplainer takes (core/models/onnx_attributes_json.h).
import { isNode, toUrl } from './environment.mjs';

export const defaultProtobufUrl = new URL(
  '../node_modules/protobufjs/dist/light/protobuf.min.js',
  import.meta.url,
);

// The fields read, as onnx.proto (ONNX 1.12) numbers them: "name type id", * for repeated.
const fields = {
  ModelProto: ['graph GraphProto 7'],
  GraphProto: ['*node NodeProto 1', '*input ValueInfoProto 11'],
  NodeProto: [
    '*input string 1',
    '*output string 2',
    'op_type string 4',
    '*attribute Attr 5',
    'domain string 7',
  ],
  Attr: [
    'name string 1',
    'type int32 20',
    'f float 2',
    'i int64 3',
    's bytes 4',
    '*floats float 7',
    '*ints int64 8',
    '*strings bytes 9',
  ],
  ValueInfoProto: ['name string 1', 'type TypeProto 2'],
  TypeProto: ['tensor Tensor 1'],
  Tensor: ['shape Shape 2'],
  Shape: ['*dim Dim 1'],
  Dim: ['value int64 1'],
};

let modelType;

async function onnxModelType(protobufUrl) {
  if (!modelType) {
    // Browsers: the UMD build sets globalThis.protobuf when imported.
    const protobuf =
      isNode && !protobufUrl
        ? (await import('protobufjs/light.js')).default
        : (await import((await toUrl(protobufUrl ?? defaultProtobufUrl)).href),
          globalThis.protobuf);
    const message = (list) => ({
      fields: Object.fromEntries(
        list.map((f) => {
          const [name, type, id] = f.replace('*', '').split(' ');
          return [name, { type, id: +id, rule: f[0] === '*' ? 'repeated' : undefined }];
        }),
      ),
    });
    const nested = Object.fromEntries(Object.entries(fields).map(([n, l]) => [n, message(l)]));
    modelType = protobuf.Root.fromJSON({ nested }).lookupType('ModelProto');
  }
  return modelType;
}

/**
 * { attributes (JSON), width (when the graph fixes it) } of the tree ensemble in ONNX `bytes`,
 * or null when none reads the model input. Throws when the bytes are not protobuf.
 */
export async function onnxTreeEnsemble(bytes, protobufUrl) {
  const type = await onnxModelType(protobufUrl);
  let graph;
  try {
    graph = type.toObject(type.decode(bytes), { longs: Number, arrays: true }).graph ?? {};
  } catch (error) {
    throw new Error(`not an ONNX model (protobuf decoding failed: ${error.message})`);
  }
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
