// Decodes the parts of an ONNX file that whyrec reads in JS (the graph's nodes and inputs, the
// model's metadata_props) with protobufjs's reflection build; everything else (weights) is
// skipped unread.
import { isNode, toUrl } from './environment.mjs';

export const defaultProtobufUrl = new URL(
  '../node_modules/protobufjs/dist/light/protobuf.min.js',
  import.meta.url,
);

// The fields read, as onnx.proto (ONNX 1.12) numbers them: "name type id", * for repeated.
const fields = {
  ModelProto: ['graph GraphProto 7', '*metadata_props Entry 14'],
  Entry: ['key string 1', 'value string 2'],
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

/** The decoded model as a plain object; throws a named error when the bytes are not protobuf. */
export async function decodeOnnxModel(bytes, protobufUrl) {
  const type = await onnxModelType(protobufUrl);
  try {
    return type.toObject(type.decode(bytes), { longs: Number, arrays: true });
  } catch (error) {
    throw new Error(`not an ONNX model (protobuf decoding failed: ${error.message})`);
  }
}
