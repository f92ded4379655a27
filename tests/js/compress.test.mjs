// `whyrec compress`: the compressed ONNX runs in onnxruntime-node, its fidelity to the original
// (top-10 overlap, AUC; HR@10 and NDCG@10 for SASRec) equals what bench/compress.mjs measured
// (bench/compress-results.json), its report matches the written file, and bad inputs get a clear
// error; onnxruntime-web (WebAssembly) runs them to the same outputs as onnxruntime-node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { demo, demoDataArgs, root, run, runJson } from './demo-cli.mjs';
import { makeTempDir } from './temp-dir.mjs';
import {
  aucOf,
  demoListsOf,
  historyRanks,
  meanSpearman,
  rankingMetrics,
  scoreDemo,
  scoreHistories,
  topKOverlap,
} from './compress-fidelity.mjs';

const bench = JSON.parse(await readFile(join(root, 'bench/compress-results.json'), 'utf8'));
const measured = (model, variant) => bench.models[model].find((r) => r.variant === variant);
const lens = join(root, 'examples/movielens/');

async function compress(dir, model, flags) {
  const out = join(dir, 'compressed.onnx');
  const report = join(dir, 'report.json');
  const result = await run([
    'compress',
    '--model',
    model,
    ...flags,
    '--out',
    out,
    '--report',
    report,
  ]);
  assert.equal(result.code, 0, result.stderr);
  return { out, report: JSON.parse(await readFile(report, 'utf8')) };
}

test('int8 + pruned demo MLP: runs in onnxruntime-node with the benchmarked fidelity', async (t) => {
  const dir = await makeTempDir('whyrec-compress-', t);
  const variant = measured('demo', 'int8 + prune 0.5');
  const { out, report } = await compress(dir, demo + 'ctr_mlp.onnx', variant.flags.split(' '));
  const lists = await demoListsOf(demo + 'candidates.csv');
  const original = await scoreDemo(demo + 'ctr_mlp.onnx', lists);
  const compressed = await scoreDemo(out, lists);
  const overlap = topKOverlap(original, compressed, lists.lists, 10);
  assert.ok(Math.abs(overlap - variant.top10_overlap) < 1e-9, `${overlap} vs bench`);
  assert.ok(Math.abs(aucOf(compressed, lists.labels) - variant.auc) < 1e-9);
  assert.ok(overlap >= 0.95, `top-10 overlap ${overlap}`);
  // Explanation stability, computed here: exact Shapley values of 20 rows, before and after.
  const exact = (model) =>
    runJson(['explain', '--model', model, ...demoDataArgs, '--method', 'exact', '--rows', '0:20']);
  const stability = meanSpearman(
    (await exact(demo + 'ctr_mlp.onnx')).values,
    (await exact(out)).values,
  );
  assert.ok(stability >= 0.9, `Shapley Spearman ${stability}`);
  // Both outputs kept and still consistent: prob = sigmoid(logit) of the compressed logit.
  const session = await ort.InferenceSession.create(out);
  assert.deepEqual(session.outputNames, ['logit', 'prob']);
  const rows = new ort.Tensor('float32', Float32Array.from(lists.flat.slice(0, 120)), [10, 12]);
  const { logit, prob } = await session.run({ features: rows });
  logit.data.forEach((z, i) => {
    assert.ok(Math.abs(prob.data[i] - 1 / (1 + Math.exp(-z))) < 1e-6);
    assert.ok(Math.abs(z - compressed[i]) < 1e-6);
  });
  assert.ok(
    original.some((z, i) => z !== compressed[i]),
    'the compressed model is another model',
  );
  // The report: half of each weight tensor zeroed, sizes of the written file.
  for (const t of report.pruned_tensors) assert.equal(t.zeros_after, Math.round(t.elements / 2));
  assert.equal(report.sparsity_after.sparsity, 0.5);
  assert.equal(report.bytes_after, (await stat(out)).size);
  assert.equal(report.gzip_bytes_after, variant.gzip_bytes);
  // Weights: one byte per MatMul/Gemm entry plus a float32 scale and an int8 zero point per
  // output unit; the other float32 initializers (normalization, biases) unchanged.
  const weights = report.sparsity_after.elements;
  const units = report.quantized_tensors.reduce((sum, t) => sum + t.shape[t.axis], 0);
  assert.equal(
    report.initializer_bytes_after,
    weights + (report.initializer_bytes_before - 4 * weights) + 5 * units,
  );
  for (const t of report.quantized_tensors) assert.ok(t.max_abs_error <= t.max_scale / 2 + 1e-9);
});

test('int8 + pruned SASRec: runs in onnxruntime-node with the benchmarked HR@10, NDCG@10 and overlap', async (t) => {
  const dir = await makeTempDir('whyrec-compress-', t);
  const variant = measured('sasrec', 'int8 + prune 0.1');
  const { out, report } = await compress(dir, lens + 'sasrec.onnx', variant.flags.split(' '));
  // The target: <= 1/4 of the fp32 file, top-10 overlap >= 0.95, Shapley Spearman >= 0.9.
  assert.ok(report.bytes_after <= report.bytes_before / 4, `${report.size_ratio}`);
  assert.equal(report.bytes_after, variant.bytes);
  assert.deepEqual(report.tied_weights, [
    { weight: 'onnx::MatMul_333', table: 'model.item.weight', first_row: 1 },
  ]);
  const users = await historyRanks(lens);
  const original = await scoreHistories(lens + 'sasrec.onnx', users);
  const compressed = await scoreHistories(out, users);
  const metrics = rankingMetrics(compressed, users);
  assert.ok(Math.abs(metrics['hr@10'] - variant['hr@10']) < 1e-9);
  assert.ok(Math.abs(metrics['ndcg@10'] - variant['ndcg@10']) < 1e-9);
  const overlap = users.meanTop10Overlap(original, compressed);
  assert.ok(Math.abs(overlap - variant.top10_overlap) < 1e-9, `${overlap} vs bench`);
  assert.ok(overlap >= 0.95, `top-10 overlap ${overlap}`);
  // Explanation stability, computed here: Kernel SHAP (seeded) of 3 users' histories, each for
  // the original's top item, before and after.
  const kernel = async (model) => {
    const values = [];
    for (let u = 0; u < 3; u++) {
      const target = String(users.top1(original[u], u));
      const args = ['explain-history', '--model', model, '--histories', lens + 'histories.csv'];
      args.push('--rows', `${u}:${u + 1}`, '--method', 'kernel', '--budget', '1024', '--seed', '1');
      values.push((await runJson([...args, '--target', target])).values[0]);
    }
    return values;
  };
  const stability = meanSpearman(await kernel(lens + 'sasrec.onnx'), await kernel(out));
  assert.ok(stability >= 0.9, `Shapley Spearman ${stability}`);
  // Padding metadata and every output kept.
  const session = await ort.InferenceSession.create(out);
  assert.deepEqual(session.outputNames, [
    'scores',
    'attention_1',
    'attention_2',
    'history_embeddings',
  ]);
});

test('structured pruning halves both SASRec feed-forward layers and keeps its padding metadata', async (t) => {
  const dir = await makeTempDir('whyrec-compress-', t);
  const { out, report } = await compress(dir, lens + 'sasrec.onnx', [
    '--prune',
    '0.5',
    '--structured',
  ]);
  assert.equal(report.hidden_layers.length, 2); // the two feed-forward blocks
  for (const l of report.hidden_layers) assert.equal(l.units_after, 32);
  const bytes = await readFile(out);
  for (const key of ['whyrec.pad_id', 'whyrec.pad_side', 'whyrec.history_length']) {
    assert.ok(bytes.includes(key), key);
  }
  assert.ok(bytes.length < (await stat(lens + 'sasrec.onnx')).size);
});

test('onnxruntime-web runs the compressed forms to the outputs of onnxruntime-node', async (t) => {
  const dir = await makeTempDir('whyrec-compress-', t);
  ortWeb.env.wasm.numThreads = 1;
  const lists = await demoListsOf(demo + 'candidates.csv');
  const rows = Float32Array.from(lists.flat.slice(0, 40 * 12));
  const flagSets = [
    ['--quantize', 'int8', '--prune', '0.5'],
    ['--quantize', 'int8-dynamic', '--prune', '0.5', '--structured'],
  ];
  for (const flags of flagSets) {
    const { out } = await compress(dir, demo + 'ctr_mlp.onnx', flags);
    const native = await ort.InferenceSession.create(out);
    const web = await ortWeb.InferenceSession.create(await readFile(out));
    const a = await native.run({ features: new ort.Tensor('float32', rows, [40, 12]) });
    const b = await web.run({ features: new ortWeb.Tensor('float32', rows, [40, 12]) });
    a.logit.data.forEach((z, i) => {
      assert.ok(Math.abs(z - b.logit.data[i]) < 1e-4 * (1 + Math.abs(z)), `${flags}: row ${i}`);
    });
  }
});

test('compress errors name the problem', async (t) => {
  const dir = await makeTempDir('whyrec-compress-', t);
  const out = join(dir, 'x.onnx');
  const trees = join(root, 'tests/fuzz/corpus/onnx_tree_ensemble/ranking.onnx');
  const cases = [
    [['--model', demo + 'candidates.csv', '--prune', '0.5'], /candidates.csv: not an ONNX model/],
    [['--model', demo + 'ctr_mlp.onnx', '--prune', '1'], /--prune must lie in \[0, 1\)/],
    [['--model', demo + 'ctr_mlp.onnx'], /nothing to do/],
    [['--model', trees, '--prune', '0.5', '--structured'], /Relu -> MatMul\/Gemm chain/],
    [['--model', trees, '--quantize', 'int8'], /nothing to quantize/],
    [['--model', demo + 'ctr_mlp.onnx', '--quantize', 'int4'], /int4 not in/],
  ];
  for (const [args, message] of cases) {
    const result = await run(['compress', ...args, '--out', out]);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, message);
  }
});
