// `whyrec compress` on the demo CTR MLP and the MovieLens SASRec model: for each variant (original,
// pruned unstructured and structured at a few fractions, int8, int8 + pruned) the file size raw
// and gzip, latency in onnxruntime-node (native ONNX Runtime) and in headless Chromium
// (onnxruntime-web, one thread), quality (AUC on the demo labels; HR@10 / NDCG@10 on the held-out
// MovieLens items), fidelity to the original (mean top-10 overlap per candidate list / per user)
// and explanation stability (mean Spearman correlation, per row, of Shapley values against the
// original's: exact for the 12-feature demo, Kernel SHAP with the same seed and target for
// histories). Writes bench/compress-results.json (read by tests/js/compress.test.mjs) and prints
// the markdown tables of bench/README.md. Run: node bench/compress.mjs (after building the CLI);
// --print prints the tables of the last results without measuring.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as ort from 'onnxruntime-node';
import { startBrowser } from '../tests/browser/chromium.mjs';
import {
  aucOf,
  demoListsOf,
  historyRanks,
  meanSpearman,
  rankingMetrics,
  scoreDemo,
  scoreHistories,
  topKOverlap,
} from '../tests/js/compress-fidelity.mjs';

const root = new URL('../', import.meta.url).pathname;
const whyrec = process.env.WHYREC_CLI ?? join(root, 'build/native/whyrec');
const run = async (args) =>
  (await promisify(execFile)(whyrec, args, { maxBuffer: 1 << 28 })).stdout;
const demoDir = join(root, 'examples/demo/');
const lensDir = join(root, 'examples/movielens/');

const variants = {
  demo: [
    ['original', []],
    ['prune 0.3', ['--prune', '0.3']],
    ['prune 0.5', ['--prune', '0.5']],
    ['prune 0.7', ['--prune', '0.7']],
    ['structured 0.25', ['--prune', '0.25', '--structured']],
    ['structured 0.5', ['--prune', '0.5', '--structured']],
    ['int8', ['--quantize', 'int8']],
    ['int8-dynamic', ['--quantize', 'int8-dynamic']],
    ['int8 + prune 0.5', ['--quantize', 'int8', '--prune', '0.5']],
    ['int8 + structured 0.25', ['--quantize', 'int8', '--prune', '0.25', '--structured']],
    ['int8 + structured 0.5', ['--quantize', 'int8', '--prune', '0.5', '--structured']],
    ['int8-dynamic + prune 0.5', ['--quantize', 'int8-dynamic', '--prune', '0.5']],
  ],
  sasrec: [
    ['original', []],
    ['prune 0.1', ['--prune', '0.1']],
    ['prune 0.3', ['--prune', '0.3']],
    ['structured 0.25', ['--prune', '0.25', '--structured']],
    ['structured 0.5', ['--prune', '0.5', '--structured']],
    ['int8', ['--quantize', 'int8']],
    ['int8-dynamic', ['--quantize', 'int8-dynamic']],
    ['int8 + prune 0.1', ['--quantize', 'int8', '--prune', '0.1']],
    ['int8 + prune 0.3', ['--quantize', 'int8', '--prune', '0.3']],
    ['int8 + structured 0.5', ['--quantize', 'int8', '--prune', '0.5', '--structured']],
    [
      'int8-dynamic + structured 0.5',
      ['--quantize', 'int8-dynamic', '--prune', '0.5', '--structured'],
    ],
  ],
};
const shapRows = { demo: 100, sasrec: 12 }; // rows (histories) explained per variant
const latencyUsers = 64; // SASRec latency: one batch of this many histories
const nativeRepeats = 30;
const browserRepeats = 15;

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** Medians of onnxruntime-node timings, variants interleaved so that load drifts hit each alike:
 * session creation + first run (end to end, 3 times) and warm runs (compute). */
async function nativeLatencies(paths, feeds) {
  const endToEnd = paths.map(() => []);
  const sessions = [];
  for (let repeat = 0; repeat < 3; repeat++) {
    for (const [v, path] of paths.entries()) {
      const start = performance.now();
      const session = await ort.InferenceSession.create(path, { intraOpNumThreads: 1 });
      await session.run(feeds);
      endToEnd[v].push(performance.now() - start);
      sessions[v] = session;
    }
  }
  const compute = paths.map(() => []);
  for (let repeat = 0; repeat < nativeRepeats; repeat++) {
    for (const [v, session] of sessions.entries()) {
      const t = performance.now();
      await session.run(feeds);
      compute[v].push(performance.now() - t);
    }
  }
  return paths.map((_, v) => ({
    end_to_end_ms: median(endToEnd[v]),
    compute_ms: median(compute[v]),
  }));
}

/** The same in Chromium with onnxruntime-web (ort.wasm.min.mjs, one thread). */
async function browserLatencies(page, models, input) {
  return page.evaluate(
    async ({ models, input, repeats }) => {
      const ort = await import('/node_modules/onnxruntime-web/dist/ort.wasm.min.mjs');
      ort.env.wasm.numThreads = 1;
      const bytes = models.map((b) => Uint8Array.from(atob(b), (c) => c.charCodeAt(0)));
      // Built once: the timed runs measure the model, not the input's conversion.
      const feeds = {
        [input.name]:
          input.type === 'int64'
            ? new ort.Tensor('int64', BigInt64Array.from(input.data, BigInt), input.dims)
            : new ort.Tensor('float32', Float32Array.from(input.data), input.dims),
      };
      const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
      // The first session also instantiates ONNX Runtime's .wasm: not counted.
      await (await ort.InferenceSession.create(bytes[0])).release();
      const endToEnd = bytes.map(() => []);
      const sessions = [];
      for (let repeat = 0; repeat < 3; repeat++) {
        for (const [v, model] of bytes.entries()) {
          const start = performance.now();
          const session = await ort.InferenceSession.create(model);
          await session.run(feeds);
          endToEnd[v].push(performance.now() - start);
          if (sessions[v]) await sessions[v].release();
          sessions[v] = session;
        }
      }
      const compute = bytes.map(() => []);
      for (let repeat = 0; repeat < repeats; repeat++) {
        for (const [v, session] of sessions.entries()) {
          const t = performance.now();
          await session.run(feeds);
          compute[v].push(performance.now() - t);
        }
      }
      for (const session of sessions) await session.release();
      return bytes.map((_, v) => ({
        end_to_end_ms: median(endToEnd[v]),
        compute_ms: median(compute[v]),
      }));
    },
    {
      models: models.map((b) => Buffer.from(b).toString('base64')),
      input,
      repeats: browserRepeats,
    },
  );
}

/** Shapley values per row of the demo candidates (exact, against the background). */
async function demoShapley(path) {
  const args = ['explain', '--model', path, '--data', demoDir + 'candidates.csv'];
  args.push('--drop', 'user_id,item_id,label', '--background', demoDir + 'background.csv');
  args.push('--method', 'exact', '--rows', `0:${shapRows.demo}`, '--threads', '1');
  return JSON.parse(await run(args)).values;
}

/** Kernel SHAP values per history, seed 1, each for the item `targets[u]`. */
async function historyShapley(path, targets) {
  const values = [];
  for (let u = 0; u < targets.length; u++) {
    const args = ['explain-history', '--model', path, '--histories', lensDir + 'histories.csv'];
    args.push('--rows', `${u}:${u + 1}`, '--method', 'kernel', '--budget', '1024', '--seed', '1');
    args.push('--threads', '1', '--target', String(targets[u]));
    values.push(JSON.parse(await run(args)).values[0]);
  }
  return values;
}

/** Measures every variant; writes and returns the results. */
async function measure() {
  const dir = await mkdtemp(join(tmpdir(), 'whyrec-compress-bench-'));
  const { browser, origin, stop } = await startBrowser();
  const results = {
    date: new Date().toISOString(),
    machine: `${cpus()[0].model}, ${cpus().length} cores`,
    load_average: loadavg()
      .map((x) => x.toFixed(2))
      .join(' '),
    command: 'node bench/compress.mjs',
    models: {},
  };
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/web/demo/`);
    const demo = await demoListsOf(demoDir + 'candidates.csv');
    const lens = await historyRanks(lensDir);
    for (const [modelName, list] of Object.entries(variants)) {
      const source = modelName === 'demo' ? demoDir + 'ctr_mlp.onnx' : lensDir + 'sasrec.onnx';
      const input =
        modelName === 'demo'
          ? { name: 'features', type: 'float32', data: demo.flat, dims: [demo.rows, demo.width] }
          : {
              name: 'history',
              type: 'int64',
              data: lens.flat.slice(0, latencyUsers * 50),
              dims: [latencyUsers, 50],
            };
      // Built once: the timed runs measure the model, not the input's conversion.
      const feeds = {
        [input.name]:
          input.type === 'int64'
            ? new ort.Tensor('int64', BigInt64Array.from(input.data, BigInt), input.dims)
            : new ort.Tensor('float32', Float32Array.from(input.data), input.dims),
      };
      let reference;
      const rows = [];
      const paths = [];
      const models = [];
      for (const [name, flags] of list) {
        let path = source;
        let report = null;
        if (flags.length) {
          path = join(dir, `${modelName}-${rows.length}.onnx`);
          const reportPath = path + '.json';
          await run([
            'compress',
            '--model',
            source,
            ...flags,
            '--out',
            path,
            '--report',
            reportPath,
          ]);
          report = JSON.parse(await readFile(reportPath, 'utf8'));
        }
        const bytes = await readFile(path);
        const row = { variant: name, flags: flags.join(' ') };
        row.bytes = bytes.length;
        row.gzip_bytes = report?.gzip_bytes_after;
        if (report) {
          row.sparsity = report.sparsity_after.sparsity;
          row.initializer_bytes = report.initializer_bytes_after;
          rows[0].initializer_bytes ??= report.initializer_bytes_before;
          rows[0].gzip_bytes ??= report.gzip_bytes_before; // as the CLI's gzip counts it
        }
        paths.push(path);
        models.push(bytes);
        if (modelName === 'demo') {
          const scores = await scoreDemo(path, demo);
          row.auc = aucOf(scores, demo.labels);
          const shap = await demoShapley(path);
          reference ??= { scores, shap };
          row.top10_overlap = topKOverlap(reference.scores, scores, demo.lists, 10);
          row.shapley_spearman = meanSpearman(reference.shap, shap);
        } else {
          const scores = await scoreHistories(path, lens);
          Object.assign(row, rankingMetrics(scores, lens));
          // The original (first) model's top items are every variant's targets.
          const targets =
            reference?.targets ?? scores.slice(0, shapRows.sasrec).map((s, u) => lens.top1(s, u));
          const shap = await historyShapley(path, targets);
          reference ??= { scores, targets, shap };
          row.top10_overlap = lens.meanTop10Overlap(reference.scores, scores);
          row.shapley_spearman = meanSpearman(reference.shap, shap);
        }
        rows.push(row);
        console.error(modelName, name, JSON.stringify(row));
      }
      const native = await nativeLatencies(paths, feeds);
      const inBrowser = await browserLatencies(page, models, input);
      rows.forEach((row, v) => Object.assign(row, { native: native[v], browser: inBrowser[v] }));
      results.models[modelName] = rows;
    }
  } finally {
    await stop();
    await rm(dir, { recursive: true, force: true });
  }
  await writeFile(resultsPath, JSON.stringify(results, null, 2) + '\n');
  return results;
}

/** Prints the markdown tables of bench/README.md. */
function printTables(results) {
  const f = (x, d = 3) => (x === undefined ? '' : x.toFixed(d));
  console.log(`${results.machine}; load average ${results.load_average}; ${results.date}\n`);
  for (const [modelName, rows] of Object.entries(results.models)) {
    const quality = modelName === 'demo' ? 'AUC' : 'HR@10 / NDCG@10';
    console.log(`\n**${modelName}**\n`);
    console.log(
      `| variant | bytes (ratio) | gzip (ratio) | weights (ratio) | weight sparsity | ` +
        `native ms: compute / end to end | ` +
        `Chromium ms: compute / end to end | ${quality} | top-10 overlap | Shapley Spearman |`,
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    const [base] = rows;
    for (const r of rows) {
      const q = modelName === 'demo' ? f(r.auc, 4) : `${f(r['hr@10'], 4)} / ${f(r['ndcg@10'], 4)}`;
      console.log(
        `| ${r.variant} | ${r.bytes} (${f(r.bytes / base.bytes, 2)}) | ${r.gzip_bytes} ` +
          `(${f(r.gzip_bytes / base.gzip_bytes, 2)}) | ${r.initializer_bytes} ` +
          `(${f(r.initializer_bytes / base.initializer_bytes, 2)}) | ${f(r.sparsity ?? 0, 2)} | ` +
          `${f(r.native.compute_ms, 2)} / ${f(r.native.end_to_end_ms, 1)} | ` +
          `${f(r.browser.compute_ms, 2)} / ${f(r.browser.end_to_end_ms, 1)} | ${q} | ` +
          `${f(r.top10_overlap)} | ${f(r.shapley_spearman)} |`,
      );
    }
  }
}

// --print: only print the tables of the last run's results.
const resultsPath = join(root, 'bench/compress-results.json');
printTables(
  process.argv.includes('--print')
    ? JSON.parse(await readFile(resultsPath, 'utf8'))
    : await measure(),
);
