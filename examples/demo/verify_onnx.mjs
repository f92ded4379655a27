// Cross-check ctr_mlp.onnx with onnxruntime-node.
//
// Reads JSON from stdin: {"model": path, "rows": [[12 numbers], ...],
// "logit": [...], "prob": [...]} (expected outputs, e.g. from torch) and exits
// non-zero when onnxruntime's outputs differ by more than 1e-5.
// train_model.py runs this automatically when node is available.
//
// Standalone: node examples/demo/verify_onnx.mjs < expected.json

import * as ort from 'onnxruntime-node';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { model, rows, logit, prob } = JSON.parse(input);

const session = await ort.InferenceSession.create(model);
const n = rows.length;
const data = Float32Array.from(rows.flat());
const out = await session.run({ features: new ort.Tensor('float32', data, [n, 12]) });

let maxDiff = 0;
for (let i = 0; i < n; i++) {
  maxDiff = Math.max(maxDiff, Math.abs(out.logit.data[i] - logit[i]));
  maxDiff = Math.max(maxDiff, Math.abs(out.prob.data[i] - prob[i]));
}
const shapes = `logit [${out.logit.dims}], prob [${out.prob.dims}]`;
console.log(
  `onnxruntime-node: inputs [${session.inputNames}], outputs ${shapes}, ` +
    `max |diff| vs torch ${maxDiff.toExponential(2)}`,
);
if (maxDiff > 1e-5 || out.logit.dims[1] !== 1 || out.prob.dims[0] !== n) process.exit(1);
