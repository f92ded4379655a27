// Counterfactual histories on held-out MovieLens users, in Node through the JS API (WebAssembly
// core and onnxruntime-web, the code the browser runs), for each user's top-1 recommendation:
//  1. success rate, mean set size, model calls and time of the full search, next to the greedy
//     baselines (prefixes of the occlusion order; prefixes of the attention rollout's order);
//  2. minimality: on histories of <= 15 items (each user's last `short` items), the returned set
//     against the brute-force minimum (every smaller removal tried by recommend()).
// Run: node bench/counterfactual_quality.mjs [users, default 200] [short length, default 12]
import { readFileSync } from 'node:fs';
import { close, explainHistory, recommend } from '../web/whyrec.mjs';

const [users = 200, short = 12] = process.argv.slice(2).map(Number);
const model = new URL('../examples/movielens/sasrec.onnx', import.meta.url).pathname;
const histories = readFileSync(new URL('../examples/movielens/histories.csv', import.meta.url))
  .toString()
  .trim()
  .split('\n')
  .map((l) => l.split(',').map(Number))
  .slice(0, users);

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.ceil((p / 100) * xs.length) - 1];
const counterfactual = (history, extra = {}) =>
  explainHistory({ model, history, method: 'counterfactual', k: 1, ...extra });

async function timed(run) {
  const start = performance.now();
  const e = await run();
  return { e, ms: performance.now() - start };
}

function row(name, runs) {
  const found = runs.filter((r) => r.e.found[0]);
  const sizes = found.map((r) => r.e.edited_items[0].length);
  const calls = runs.map((r) => r.e.model_calls[0]);
  const ms = runs.map((r) => r.ms);
  const proved = found.filter((r) => r.e.minimal[0] === 'proved').length;
  console.log(
    `| ${name} | ${((100 * found.length) / runs.length).toFixed(1)}% | ${mean(sizes).toFixed(2)} | ` +
      `${((100 * proved) / Math.max(1, found.length)).toFixed(1)}% | ${mean(calls).toFixed(0)} | ` +
      `${percentile(calls, 95)} | ${mean(ms).toFixed(0)} | ${percentile(ms, 95).toFixed(0)} |`,
  );
}

async function sizeTable() {
  console.log(`\n### Top-1 counterfactuals, ${histories.length} users (histories of 9–50 items)`);
  console.log(
    '\n| search | found | mean set size | minimal proved | model calls (mean) | (p95) | ms (mean) | ms (p95) |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  const full = [];
  const occlusion = [];
  const attention = [];
  for (const history of histories) {
    full.push(await timed(() => counterfactual(history)));
    occlusion.push(await timed(() => counterfactual(history, { settings: { search: 'greedy' } })));
    const rollout = (await explainHistory({ model, history, method: 'attention' })).values[0];
    attention.push(
      await timed(() =>
        counterfactual(history, { settings: { search: 'greedy', attribution: rollout } }),
      ),
    );
  }
  row('full (occlusion, greedy, shrink, beam 4, exhaustive ≤ 1,300)', full);
  row('greedy by occlusion', occlusion);
  row('greedy by attention rollout', attention);
}

// The smallest removal that pushes the target out of the top 1, by trying every edit of each size.
async function bruteForceMinimum(history, target, upTo) {
  const n = history.length;
  const subsets = (size, start = 0) =>
    size === 0
      ? [[]]
      : Array.from({ length: n - start }, (_, i) => start + i).flatMap((first) =>
          subsets(size - 1, first + 1).map((rest) => [first, ...rest]),
        );
  for (let size = 1; size < upTo; size++) {
    const edits = subsets(size).map((s) => history.filter((_, i) => !s.includes(i)));
    const tops = await recommend({ model, histories: edits, k: 1 });
    if (tops.some((t) => t.items[0] !== target)) return size;
  }
  return upTo;
}

async function minimalityTable() {
  const shortOnes = histories.map((h) => h.slice(-short));
  let exact = 0;
  let oneMore = 0;
  let found = 0;
  const sizes = [];
  for (const history of shortOnes) {
    const e = await counterfactual(history);
    if (!e.found[0]) continue;
    found++;
    const size = e.edited_items[0].length;
    const truth = await bruteForceMinimum(history, e.target[0], size);
    sizes.push(size);
    exact += size === truth;
    oneMore += size <= truth + 1;
  }
  console.log(`\n### Minimality: ${shortOnes.length} users' last ${short} items, top 1`);
  console.log('\n| found | returned = brute-force minimum | within one item | mean set size |');
  console.log('|---|---|---|---|');
  const pct = (x) => `${((100 * x) / found).toFixed(1)}%`;
  console.log(
    `| ${found} / ${shortOnes.length} | ${pct(exact)} | ${pct(oneMore)} | ${mean(sizes).toFixed(2)} |`,
  );
}

await sizeTable();
await minimalityTable();
await close();
