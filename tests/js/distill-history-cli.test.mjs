// `whyrec distill-history` end to end on the committed MovieLens SASRec model: the held-out
// teacher scores it reports are the model's (onnxruntime-node, histories padded here), the
// surrogate scores are the written model's (an evaluator written from the README's format),
// the report's R², top-10 agreement and NDCG@10 equal a recomputation from those two columns, a
// history's terms add up to its score, --search writes a front whose pick follows its rule, and
// bad input is a clear error with no model written.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { root, run } from './demo-cli.mjs';
import { itemToItemEvaluator } from './item-to-item-evaluator.mjs';

const movielens = join(root, 'examples/movielens/');
const sasrec = movielens + 'sasrec.onnx';
const histories = movielens + 'histories.csv';
const length = 50; // the model's L; padding id 0 on the left

const dir = await mkdtemp(join(tmpdir(), 'whyrec-distill-history-'));
after(() => rm(dir, { recursive: true, force: true }));

// 40 users, two histories each, 10 + 10 candidates per history: a few seconds.
const small = ['--model', sasrec, '--histories', histories, '--rows', '0:40', '--prefixes', '2'];
const smallDraw = ['--top', '10', '--sampled', '10', '--seed', '3'];

async function distill(extra) {
  const result = await run(['distill-history', ...small, ...smallDraw, ...extra]);
  assert.equal(result.code, 0, result.stderr);
  return result;
}

async function distillExplain(args) {
  const result = await run(['explain-history', ...args]);
  assert.equal(result.code, 0, result.stderr);
  return result;
}

function rSquared(teacher, surrogate) {
  const mean = teacher.reduce((s, v) => s + v, 0) / teacher.length;
  let residual = 0;
  let total = 0;
  teacher.forEach((t, i) => {
    residual += (t - surrogate[i]) ** 2;
    total += (t - mean) ** 2;
  });
  return 1 - residual / total;
}

// Indices of the k largest, ties by position (as the core breaks them).
const topK = (values, k) =>
  values
    .map((v, i) => [v, i])
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, k)
    .map(([, i]) => i);

function ranking(lists, k) {
  let agreement = 0;
  let ndcg = 0;
  for (const { teacher, surrogate } of lists) {
    const byTeacher = topK(teacher, teacher.length);
    const bySurrogate = topK(surrogate, surrogate.length);
    const t = new Set(byTeacher.slice(0, k));
    agreement += bySurrogate.slice(0, k).filter((i) => t.has(i)).length / k;
    const gain = new Map(byTeacher.slice(0, 10).map((i, r) => [i, 10 - r]));
    const dcg = (order) =>
      order.slice(0, 10).reduce((s, i, r) => s + (gain.get(i) ?? 0) / Math.log2(r + 2), 0);
    ndcg += dcg(bySurrogate) / dcg(byTeacher);
  }
  return { agreement: agreement / lists.length, ndcg: ndcg / lists.length };
}

test(
  'the report is the written model measured against the teacher',
  { timeout: 240000 },
  async () => {
    const out = join(dir, 'i2i.json');
    const reportFile = join(dir, 'report.json');
    const rowsFile = join(dir, 'held.csv');
    await distill(['--out', out, '--report', reportFile, '--holdout-rows', rowsFile]);
    const model = JSON.parse(await readFile(out, 'utf8'));
    const report = JSON.parse(await readFile(reportFile, 'utf8'));
    assert.equal(model.format, 'whyrec-distilled');
    assert.equal(model.family, 'item_to_item');
    assert.equal(report.family, 'item_to_item');
    assert.deepEqual(report.users, { fitted: 32, held_out: 8 });

    const lines = (await readFile(histories, 'utf8')).trim().split('\n');
    const rows = (await readFile(rowsFile, 'utf8'))
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').map(Number))
      .map(([user, len, target, teacher, surrogate]) => ({
        user,
        len,
        target,
        teacher,
        surrogate,
      }));
    assert.equal(rows.length, report.holdout_rows);
    assert.deepEqual(
      [...new Set(rows.map((r) => r.user))].sort((a, b) => a - b),
      report.held_out_users,
    );

    // The teacher's scores, recomputed by onnxruntime-node for every held-out history; the
    // fidelity below is then recomputed from the file's columns (the same floats the CLI measured).
    const keys = [...new Set(rows.map((r) => `${r.user}:${r.len}`))];
    const items = new Map(
      keys.map((k) => {
        const [user, len] = k.split(':').map(Number);
        return [k, lines[user].split(',').map(Number).slice(0, len)];
      }),
    );
    const ids = new BigInt64Array(keys.length * length);
    keys.forEach((k, i) => {
      const h = items.get(k);
      h.forEach((id, p) => (ids[i * length + length - h.length + p] = BigInt(id)));
    });
    const session = await ort.InferenceSession.create(sasrec);
    const { scores } = await session.run(
      { history: new ort.Tensor('int64', ids, [keys.length, length]) },
      ['scores'],
    );
    const width = scores.dims[1];
    const evaluate = itemToItemEvaluator(model);
    const lists = new Map();
    for (const r of rows) {
      const k = `${r.user}:${r.len}`;
      const h = items.get(k);
      const teacher = scores.data[keys.indexOf(k) * width + r.target];
      assert.ok(Math.abs(teacher - r.teacher) < 1e-4 * (1 + Math.abs(teacher)), `${k} ${r.target}`);
      assert.ok(!h.includes(r.target), 'a candidate is not in its history');
      const surrogate = evaluate.score(h, r.target);
      assert.ok(Math.abs(surrogate - r.surrogate) < 1e-9 * (1 + Math.abs(surrogate)));
      if (!lists.has(k)) lists.set(k, { teacher: [], surrogate: [] });
      lists.get(k).teacher.push(r.teacher);
      lists.get(k).surrogate.push(surrogate);
    }
    assert.equal(lists.size, report.lists_for_ndcg);
    const teacherAll = [...lists.values()].flatMap((l) => l.teacher);
    const surrogateAll = [...lists.values()].flatMap((l) => l.surrogate);
    assert.ok(Math.abs(rSquared(teacherAll, surrogateAll) - report.holdout_r2) < 1e-9);
    const { agreement, ndcg } = ranking([...lists.values()], 10);
    assert.ok(Math.abs(agreement - report.top_k_agreement) < 1e-9, `${agreement}`);
    assert.ok(Math.abs(ndcg - report.ndcg_at_10) < 1e-6, `${ndcg}`);
    // Each list's first 10 rows are the teacher's top 10 (the --top candidates).
    for (const list of lists.values()) {
      assert.deepEqual(
        topK(list.teacher, 10).sort((a, b) => a - b),
        [...Array(10).keys()],
      );
    }
    // Terms: the JSON's weights times decay^m, adding up with the bias to the score.
    const pairs = model.targets.reduce((s, t) => s + t.sources.length, 0);
    assert.equal(report.pair_weights, pairs);
    assert.equal(model.rank, 16); // the default
    assert.equal(report.rank, 16);
    const vs = model.targets.filter((t) => t.v).length;
    assert.equal(vs, model.targets.length);
    assert.ok(model.source_factors.every((f) => f.u.length === 16));
    const factorEntries = 16 * (model.source_factors.length + vs);
    assert.equal(report.terms, pairs + model.targets.length + factorEntries);

    // explain-history with the distilled model: its terms, bias and score per history position.
    const explained = JSON.parse(
      (await distillExplain(['--model', out, '--histories', histories, '--rows', '0:3'])).stdout,
    );
    assert.equal(explained.method, 'item_to_item');
    explained.history.forEach((h, row) => {
      assert.deepEqual(h, lines[row].split(',').map(Number));
      const target = explained.target[row];
      const terms = evaluate.terms(h, target);
      explained.values[row].forEach((v, p) => assert.ok(Math.abs(v - terms[p]) < 1e-12));
      assert.ok(Math.abs(explained.base_value[row] - evaluate.bias(target)) < 1e-12);
      assert.ok(Math.abs(explained.model_output[row] - evaluate.score(h, target)) < 1e-12);
      const stored = model.targets.map((t) => t.item).filter((t) => !h.includes(t));
      const best = Math.max(...stored.map((t) => evaluate.score(h, t)));
      assert.equal(evaluate.score(h, target), best, 'top1: the best-scored stored target');
    });
  },
);

test(
  '--search writes a front and picks the smallest within 1% of the best',
  { timeout: 240000 },
  async () => {
    const out = join(dir, 'pick.json');
    const frontFile = join(dir, 'front.json');
    const a = await distill(['--search', '--front', frontFile, '--out', out]);
    const front = JSON.parse(await readFile(frontFile, 'utf8'));
    assert.equal(front.format, 'whyrec-distill-front');
    const names = front.candidates.map((c) => JSON.stringify(c.settings));
    assert.ok(names.includes('{"rank":0,"pair_budget":0,"l2":1}'), names.join(' '));
    assert.ok(names.includes('{"rank":0,"pair_budget":-1,"l2":1,"decay":0}'), names.join(' '));
    const best = Math.max(...front.candidates.map((c) => c.holdout_r2));
    const pick = front.candidates.find((c) => c.picked);
    const within = front.candidates.filter((c) => c.holdout_r2 >= best - 0.01 * Math.abs(best));
    assert.equal(pick.gzip_bytes, Math.min(...within.map((c) => c.gzip_bytes)));
    assert.equal((await readFile(out, 'utf8')).length - 1, pick.json_bytes);
    assert.match(a.stdout, /picked/);
    // Same seed, same front (times aside) and the same model.
    const again = join(dir, 'front2.json');
    const pickAgain = join(dir, 'pick2.json');
    await distill(['--search', '--front', again, '--out', pickAgain]);
    const strip = (f) => ({ ...f, candidates: f.candidates.map(({ fit_seconds, ...c }) => c) });
    assert.deepEqual(strip(JSON.parse(await readFile(again, 'utf8'))), strip(front));
    assert.equal(await readFile(pickAgain, 'utf8'), await readFile(out, 'utf8'));
  },
);

test('bad input: a clear error and no model written', async () => {
  const out = join(dir, 'never.json');
  const bad = join(dir, 'bad.csv');
  await writeFile(bad, '5,6,7\n8,2500,9\n1,2,3\n');
  let r = await run(['distill-history', '--model', sasrec, '--histories', bad, '--out', out]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /bad\.csv: line 2: .*2500.* is unknown/);
  const empty = join(dir, 'empty.csv');
  await writeFile(empty, '');
  r = await run(['distill-history', '--model', sasrec, '--histories', empty, '--out', out]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /empty\.csv: the file is empty/);
  r = await run([
    'distill-history',
    '--model',
    sasrec,
    '--histories',
    histories,
    '--rows',
    '3:4',
    '--out',
    out,
  ]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /at least 2 histories/);
  assert.equal(existsSync(out), false);
  const model = join(dir, 'model.json');
  await distill(['--pair-budget', '0', '--out', model]);
  r = await run([
    'explain-history',
    '--model',
    model,
    '--histories',
    histories,
    '--method',
    'kernel',
  ]);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /--method kernel: a distilled history model is explained by its own terms/,
  );
});

// --method counterfactual on a distilled model: what it cannot search is refused, naming the
// flag or the history's line, and nothing is written.
test('a distilled model counterfactual refuses what does not apply', async () => {
  const model = movielens + 'sasrec_distilled.json';
  const out = join(dir, 'refused.json');
  const base = ['explain-history', '--model', model, '--histories', histories, '--out', out];
  const cases = [
    [['--k', '2'], /--k, --counterfactual, .* apply to --method counterfactual only/],
    [['--budget', '10'], /--budget does not apply to a distilled history model/],
    [
      ['--method', 'counterfactual', '--counterfactual', 'add', '--candidates', '1'],
      /--counterfactual add, --candidates does not apply to a distilled history model/,
    ],
    [
      ['--method', 'counterfactual', '--rows', '0:1', '--target', '1'],
      /histories\.csv: line 1: the target item 1 is not in the top 1 of the whole history/,
    ],
  ];
  for (const [flags, message] of cases) {
    const r = await run([...base, ...flags]);
    assert.equal(r.code, 1, flags.join(' '));
    assert.match(r.stderr, message);
    assert.equal(existsSync(out), false);
  }
});
