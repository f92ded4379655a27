// Quality of history explanations, in Node through the JS API (WebAssembly core and
// onnxruntime-web, the code the browser runs):
//  1. planted triggers: on the planted model's test histories (item T makes item R the top
//     recommendation), how often each method ranks T first;
//  2. faithfulness over held-out MovieLens users: deletion/insertion AUC (of the explained score,
//     over the share of items removed or inserted), comprehensiveness and sufficiency at 1, 3, 5;
//  3. accuracy per model call: mean absolute error of Shapley estimates against a high-budget
//     reference, with shap's KernelExplainer at its default budget in the same run when shap is
//     in ../shared/peers (bench/history_shap_kernel.py).
// Run: node bench/history_quality.mjs [sections, default planted,accuracy,faithfulness]
//   [faithfulness users, default 200] [accuracy users, 10] [reference model calls, 32768]
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { close, explainHistory, historyCurves } from '../web/whyrec.mjs';

const [sections = 'planted,accuracy,faithfulness', ...counts] = process.argv.slice(2);
const [faithfulUsers = 200, accuracyUsers = 10, referenceBudget = 32768] = counts.map(Number);
const root = new URL('../', import.meta.url).pathname;
const movielens = `${root}examples/movielens/`;
const planted = `${movielens}planted/`;
const readHistories = (path) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(',').map(Number));

const methods = [
  { name: 'kernel 400', method: 'kernel', settings: { budget: 400 } },
  { name: 'permutation 400', method: 'permutation', settings: { budget: 400 } },
  { name: 'occlusion', method: 'occlusion' },
  { name: 'integrated gradients 20', method: 'integrated_gradients', settings: { steps: 20 } },
  { name: 'attention rollout', method: 'attention', map: 'rollout' },
  { name: 'attention flow', method: 'attention', map: 'flow' },
  { name: 'attention (last layer)', method: 'attention', map: 'last_layer' },
];

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

// The values a method ranks items by (attention: the chosen map).
function valuesOf(e, m) {
  return m.method === 'attention' ? e.attention[0][m.map] : e.values[0];
}

async function explainWith(model, embeddingsModel, history, m, seed, extra = {}) {
  return explainHistory({
    model,
    embeddingsModel,
    history,
    method: m.method,
    settings: { ...m.settings, seed },
    ...extra,
  });
}

async function plantedTable() {
  const meta = { trigger: 7, result: 13 }; // planted/README.md
  const histories = readHistories(`${planted}test_histories.csv`);
  console.log(`\n### Planted triggers: ${histories.length} test histories, T = ${meta.trigger}`);
  console.log('\n| method | trigger ranked first | mean rank of the trigger |');
  console.log('|---|---|---|');
  for (const m of methods) {
    let first = 0;
    const ranks = [];
    for (const [i, history] of histories.entries()) {
      const e = await explainWith(
        `${planted}planted.onnx`,
        `${planted}planted_embeddings.onnx`,
        history,
        m,
        i,
        { target: meta.result },
      );
      const values = valuesOf(e, m);
      const t = history.indexOf(meta.trigger);
      const rank = values.filter((v) => v > values[t]).length + 1;
      ranks.push(rank);
      first += rank === 1;
    }
    const share = ((100 * first) / histories.length).toFixed(1);
    console.log(`| ${m.name} | ${share}% | ${mean(ranks).toFixed(2)} |`);
  }
}

async function faithfulnessTable() {
  const histories = readHistories(`${movielens}histories.csv`).slice(0, faithfulUsers);
  console.log(`\n### Faithfulness: the first ${histories.length} MovieLens users' histories`);
  console.log(
    '\n| method | deletion AUC ↓ | insertion AUC ↑ | comp@1 ↑ | comp@3 ↑ | comp@5 ↑ | ' +
      'suff@1 ↓ | suff@3 ↓ | suff@5 ↓ |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const m of [...methods, { name: 'random order', method: 'random' }]) {
    const rows = [];
    for (const [i, history] of histories.entries()) {
      const base = m.method === 'random' ? methods[2] : m;
      const e = await explainWith(
        `${movielens}sasrec.onnx`,
        `${movielens}sasrec_embeddings.onnx`,
        history,
        base,
        i,
      );
      const values = m.method === 'random' ? randomValues(history.length, i) : valuesOf(e, m);
      rows.push(await curvesFor(history, e.target[0], values));
    }
    const f = (get) => mean(rows.map(get)).toFixed(3);
    console.log(
      `| ${m.name} | ${f((r) => r.deletion_area)} | ${f((r) => r.insertion_area)} | ` +
        ['1', '3', '5'].map((k) => f((r) => r.comprehensiveness[k])).join(' | ') +
        ' | ' +
        ['1', '3', '5'].map((k) => f((r) => r.sufficiency[k])).join(' | ') +
        ' |',
    );
  }
}

function randomValues(n, seed) {
  let state = seed * 2654435761 + 1;
  return Array.from({ length: n }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  });
}

// Deletion/insertion curves in the order of `values`.
function curvesFor(history, target, values) {
  return historyCurves({ model: `${movielens}sasrec.onnx`, history, target, values });
}

async function accuracyTable() {
  const histories = readHistories(`${movielens}histories.csv`)
    .filter((h) => h.length === 50)
    .slice(0, accuracyUsers);
  const model = `${movielens}sasrec.onnx`;
  // The reference comes from another estimator than the ones compared (permutation sampling,
  // unbiased, no surrogate), so that no Kernel SHAP surrogate is measured against itself.
  const reference = [];
  for (const [i, history] of histories.entries()) {
    reference.push(
      await explainWith(model, undefined, history, { method: 'permutation' }, 1000 + i, {
        settings: { budget: referenceBudget, seed: 1000 + i },
      }),
    );
  }
  const targets = reference.map((e) => e.target[0]);
  const refValues = reference.map((e) => e.values[0]);
  const refError = mean(reference.map((e) => mean(e.std_errors[0])));
  console.log(
    `\n### Accuracy: ${histories.length} users with 50-item histories; reference: permutation ` +
      `SHAP at ${referenceBudget} model calls (mean standard error ${refError.toExponential(2)})`,
  );
  console.log('\n| estimator | model calls per explanation | mean absolute error |');
  console.log('|---|---|---|');
  const mae = (values) =>
    mean(values.map((v, u) => mean(v.map((x, i) => Math.abs(x - refValues[u][i])))));
  for (const [name, method, budget, surrogate, sampling] of [
    ['whyrec kernel (default for histories: recency surrogate, kernel sampling)', 'kernel', 400],
    ['whyrec kernel (default for histories: recency surrogate, kernel sampling)', 'kernel', 2148],
    [
      'whyrec kernel, surrogate size_trees, leverage sampling',
      'kernel',
      400,
      'size_trees',
      'leverage',
    ],
    [
      'whyrec kernel, surrogate size_trees, leverage sampling',
      'kernel',
      2148,
      'size_trees',
      'leverage',
    ],
    ['whyrec kernel, surrogate trees, leverage sampling', 'kernel', 400, 'trees', 'leverage'],
    ['whyrec permutation', 'permutation', 400],
    ['whyrec permutation', 'permutation', 2148],
  ]) {
    const values = [];
    let calls = 0;
    for (const [i, history] of histories.entries()) {
      const e = await explainHistory({
        model,
        history,
        target: targets[i],
        method,
        settings: { budget, seed: i, surrogate, sampling },
      });
      values.push(e.values[0]);
      calls = e.evaluations;
    }
    console.log(`| ${name} | ${calls} | ${mae(values).toExponential(2)} |`);
  }
  const shapScript = `${root}bench/history_shap_kernel.py`;
  const peers = `${root}../shared/peers/shap-0.49.1`;
  if (!existsSync(peers)) {
    console.log('| shap KernelExplainer | (skipped: ../shared/peers/shap-0.49.1 is absent) | |');
    return;
  }
  for (const l1 of ['0', 'auto']) {
    const { values, calls } = await shapKernel(shapScript, peers, histories, targets, l1);
    console.log(
      `| shap KernelExplainer (default nsamples, l1_reg=${l1}) | ${calls} | ` +
        `${mae(values).toExponential(2)} |`,
    );
  }
}

// Runs bench/history_shap_kernel.py, answering its model calls with onnxruntime-node on the
// same ONNX file and the same removal game (absent items deleted, the rest left-padded).
async function shapKernel(script, peers, histories, targets, l1) {
  const ort = (await import('onnxruntime-node')).default;
  const session = await ort.InferenceSession.create(`${movielens}sasrec.onnx`);
  const child = spawn('/usr/bin/python3', [script], {
    env: { ...process.env, PYTHONPATH: peers, OMP_NUM_THREADS: '1' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin.write(JSON.stringify({ histories, targets, l1_reg: l1 }) + '\n');
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      const message = JSON.parse(line);
      if (!message.masks) return message;
      const items = histories[message.user];
      const ids = new BigInt64Array(message.masks.length * 50);
      message.masks.forEach((mask, r) => {
        const kept = items.filter((_, i) => mask[i] === 1);
        kept.forEach((id, i) => (ids[r * 50 + 50 - kept.length + i] = BigInt(id)));
      });
      const shape = [message.masks.length, 50];
      const { scores } = await session.run({ history: new ort.Tensor('int64', ids, shape) });
      const perRow = scores.data.length / message.masks.length;
      const target = targets[message.user];
      const answer = Array.from(message.masks, (_, r) => scores.data[r * perRow + target]);
      child.stdin.write(JSON.stringify({ scores: answer }) + '\n');
    }
    throw new Error('bench/history_shap_kernel.py ended without a result');
  } finally {
    child.stdin.end();
    await session.release();
  }
}

const tables = { planted: plantedTable, accuracy: accuracyTable, faithfulness: faithfulnessTable };
try {
  for (const section of sections.split(',')) await tables[section]();
} finally {
  await close();
}
