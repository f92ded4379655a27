// Feature counterfactuals on the demo CTR model (examples/demo/ctr_mlp.onnx, output prob; each
// user's candidates are one list, top k = 10) against a random-search baseline with the same
// model-call budget:
//  - `whyrec counterfactual` (native CLI, one process for all rows, one thread), settings as in
//    the README's example (4 immutable features, whole steps for shipping_days and discount_pct,
//    at most 3 changes, one answer per row); every answer it reports is scored again here
//    (onnxruntime-node) and counted only if it reaches the goal;
//  - random search, for each row as many model rows as the CLI used on it: seeded random edits
//    of 1 to 3 of the changeable features, each set to a uniform value within the background's
//    range (features with two observed values take one of them; stepped features move in whole
//    steps), scored in batches; the successful edit with the fewest changes, then the smallest
//    proximity, is kept. Its list threshold (the k-th best other item) is computed outside the
//    budget, which favours it.
// Proximity is the CLI's: sum of |change| / scale, the scale being the background's median
// absolute deviation (else its standard deviation, else 1).
// Run: node bench/feature_counterfactual_baseline.mjs [rows, default 400] [seed, default 1]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { cliArgs, immutable } from '../tests/js/demo-counterfactual.mjs';
import { seededRandom } from '../tests/js/seeded-random.mjs';

const [rowCount = 400, seed = 1] = process.argv.slice(2).map(Number);
const root = new URL('../', import.meta.url).pathname;
const demo = join(root, 'examples/demo/');
const whyrec = process.env.WHYREC_CLI ?? join(root, 'build/native/whyrec');
const k = 10;
const maxChanges = 3;
const steps = { shipping_days: 1, discount_pct: 5 };

function readCsv(path) {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  return { header: header.split(','), rows: lines.map((line) => line.split(',')) };
}

const candidates = readCsv(demo + 'candidates.csv');
const names = candidates.header.filter((n) => !['user_id', 'item_id', 'label'].includes(n));
const column = (name) => candidates.header.indexOf(name);
const features = candidates.rows.map((r) => names.map((n) => Number(r[column(n)])));
const users = candidates.rows.map((r) => r[column('user_id')]);
const background = readCsv(demo + 'background.csv').rows.map((r) => r.map(Number));

const session = await ort.InferenceSession.create(demo + 'ctr_mlp.onnx', {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
});
const width = names.length;
async function score(rows) {
  const flat = Float32Array.from(rows.flat());
  const input = new ort.Tensor('float32', flat, [rows.length, width]);
  const out = await session.run({ [session.inputNames[0]]: input });
  return Array.from(out.prob.data);
}

// The CLI on rows 0..rowCount-1, timed end to end (process start, model load, search, output).
function runCli() {
  const dir = mkdtempSync(join(tmpdir(), 'whyrec-cf-bench-'));
  try {
    const out = join(dir, 'cf.json');
    const start = performance.now();
    // The feature-counterfactual tests' request (k 10, immutable features, steps), one answer.
    const args = cliArgs.map((arg, a) => (cliArgs[a - 1] === '--count' ? '1' : arg));
    execFileSync(whyrec, [
      ...args,
      '--rows',
      `0:${rowCount}`,
      '--max-changes',
      String(maxChanges),
      '--out',
      out,
    ]);
    const ms = performance.now() - start;
    return { result: JSON.parse(readFileSync(out, 'utf8')), ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const columns = names.map((_, j) => background.map((r) => r[j]));
const scales = columns.map((c) => {
  const m = median(c);
  const mad = median(c.map((x) => Math.abs(x - m)));
  if (mad > 0) return mad;
  const mean = c.reduce((a, b) => a + b, 0) / c.length;
  const sd = Math.sqrt(c.reduce((a, x) => a + (x - mean) ** 2, 0) / c.length);
  return sd > 0 ? sd : 1;
});
const ranges = columns.map((c) => [Math.min(...c), Math.max(...c)]);
const observed = columns.map((c) => [...new Set(c)].sort((a, b) => a - b));
const changeable = names.map((n, j) => j).filter((j) => !immutable.includes(names[j]));
const proximity = (from, to) =>
  from.reduce((sum, x, j) => sum + Math.abs(Math.fround(to[j]) - Math.fround(x)) / scales[j], 0);

function randomValue(j, from, next) {
  if (observed[j].length <= 2) return observed[j][Math.floor(next() * observed[j].length)];
  const [low, high] = ranges[j];
  const value = low + next() * (high - low);
  const step = steps[names[j]];
  if (!step) return value;
  let stepped = from + step * Math.round((value - from) / step);
  while (stepped > high) stepped -= step;
  while (stepped < low) stepped += step;
  return stepped;
}

function randomEdit(row, next) {
  const count = 1 + Math.floor(next() * maxChanges);
  const pool = [...changeable];
  const edited = [...row];
  const changed = [];
  while (changed.length < count) {
    const [j] = pool.splice(Math.floor(next() * pool.length), 1);
    const value = randomValue(j, row[j], next);
    if (Math.fround(value) === Math.fround(row[j])) continue;
    edited[j] = value;
    changed.push(j);
  }
  return { edited, sparsity: changed.length };
}

const reached = (goal, output, threshold) =>
  goal === 'enter' ? output > threshold : output <= threshold;

async function randomSearch(r, goal, threshold, budget, next) {
  let best = null;
  let spent = 0;
  while (spent < budget) {
    const edits = Array.from({ length: Math.min(256, budget - spent) }, () =>
      randomEdit(features[r], next),
    );
    const outputs = await score(edits.map((e) => e.edited));
    spent += edits.length;
    edits.forEach((e, i) => {
      if (!reached(goal, outputs[i], threshold)) return;
      const candidate = { sparsity: e.sparsity, proximity: proximity(features[r], e.edited) };
      const better =
        !best ||
        candidate.sparsity < best.sparsity ||
        (candidate.sparsity === best.sparsity && candidate.proximity < best.proximity);
      if (better) best = candidate;
    });
  }
  return best;
}

const { result, ms: cliMs } = runCli();
const next = seededRandom(seed);
const cli = [];
const baseline = [];
let baselineMs = 0;
for (const row of result.rows) {
  const r = row.row;
  const others = features.filter((_, i) => users[i] === users[r] && i !== r);
  const otherScores = (await score(others)).sort((a, b) => b - a);
  const threshold = otherScores[k - 1];
  // The CLI's answer, scored again here.
  const answer = row.counterfactuals[0];
  let verified = null;
  if (row.found && answer) {
    const edited = [...features[r]];
    for (const change of answer.changes) edited[names.indexOf(change.feature)] = change.to;
    const [output] = await score([edited]);
    if (reached(row.goal, output, threshold)) {
      verified = { sparsity: answer.sparsity, proximity: proximity(features[r], edited) };
    }
  }
  cli.push({ answer: verified, calls: row.evaluations });
  const start = performance.now();
  const found = await randomSearch(r, row.goal, threshold, row.evaluations, next);
  baselineMs += performance.now() - start;
  baseline.push({ answer: found, calls: row.evaluations });
}

const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const both = cli.map((c, i) => c.answer && baseline[i].answer);
function line(name, runs, ms) {
  const found = runs.filter((x) => x.answer);
  const shared = runs.filter((_, i) => both[i]);
  console.log(
    `| ${name} | ${((100 * found.length) / runs.length).toFixed(1)}% | ` +
      `${mean(found.map((x) => x.answer.sparsity)).toFixed(2)} | ` +
      `${mean(shared.map((x) => x.answer.sparsity)).toFixed(2)} | ` +
      `${mean(shared.map((x) => x.answer.proximity)).toFixed(2)} | ` +
      `${(ms / runs.length).toFixed(2)} | ${mean(runs.map((x) => x.calls)).toFixed(0)} |`,
  );
}
console.log(
  `\n${result.rows.length} rows (${new Set(users.slice(0, rowCount)).size} users' lists), ` +
    `goals: ${result.rows.filter((r) => r.goal === 'enter').length} enter, ` +
    `${result.rows.filter((r) => r.goal === 'leave').length} leave; ` +
    `${both.filter(Boolean).length} rows answered by both; ` +
    `${result.rows.filter((r) => r.found).length - cli.filter((c) => c.answer).length} CLI answers failed the re-scoring\n`,
);
console.log(
  '| search | success | features changed (mean, found) | (rows both found) | proximity (rows both found) | ms per answer | model rows per answer (mean) |',
);
console.log('|---|---|---|---|---|---|---|');
line('`whyrec counterfactual` (CLI, end to end)', cli, cliMs);
line(`random search, same budget (seed ${seed}, onnxruntime-node)`, baseline, baselineMs);
