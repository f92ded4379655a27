// whyrec distill's tree and rule-list families and --search, end to end on the demo MLP: the
// written files evaluated by an independent reader written here from the README's format, their
// TreeSHAP explanations equal to `--method exact` and to the JS API's, the search's front file,
// its determinism by seed, its GA2M candidates on synthetic rows, and clear errors for budgets and
// caps nothing meets.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { close, explain as explainInJs } from '../../web/whyrec.mjs';
import { candidateArgs, demo, demoDataArgs, demoRows, run } from './demo-cli.mjs';

const dir = await mkdtemp(join(tmpdir(), 'whyrec-surrogates-'));
after(() => rm(dir, { recursive: true, force: true }));
after(close);

const distillArgs = [
  ...['--model', demo + 'ctr_mlp.onnx', '--data', demo + 'candidates.csv'],
  ...['--drop', 'item_id,label', '--group', 'user_id'],
];

async function distill(extra) {
  const result = await run(['distill', ...distillArgs, ...extra]);
  assert.equal(result.code, 0, result.stderr);
  return result;
}

// The README's "tree" family: x < threshold (float32) goes left, a missing value to "missing".
function treeScore(model, x) {
  let node = model.nodes[0];
  while (node.feature !== undefined) {
    const v = x[model.feature_names.indexOf(node.feature)];
    const left = Number.isNaN(v) ? node.missing === 'left' : Math.fround(v) < node.threshold;
    node = model.nodes[left ? node.left : node.right];
  }
  return node.value;
}

// The README's "rule_list" family: the first rule whose intervals [low, high) all hold.
function ruleListScore(model, x) {
  const holds = (c) => {
    const v = Math.fround(x[model.feature_names.indexOf(c.feature)]);
    return (
      !Number.isNaN(v) &&
      (c.low === undefined || v >= c.low) &&
      (c.high === undefined || v < c.high)
    );
  };
  const rule = model.rules.find((r) => r.if.every(holds));
  return rule ? rule.then : model.else;
}

async function explain(model, extra) {
  const result = await run([
    'explain',
    '--model',
    model,
    ...demoDataArgs,
    '--rows',
    '0:3',
    ...extra,
  ]);
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

for (const [family, flags, score] of [
  ['tree', ['--max-depth', '5'], treeScore],
  ['rule_list', ['--max-rules', '16'], ruleListScore],
]) {
  test(`the ${family} family: the file scores as documented, TreeSHAP equals exact Shapley`, async () => {
    const out = join(dir, `${family}.json`);
    const report = join(dir, `${family}-report.json`);
    const { stdout } = await distill([
      '--family',
      family,
      ...flags,
      '--out',
      out,
      '--report',
      report,
    ]);
    assert.match(stdout, /held-out fidelity: R\^2 0\.\d+, top-10 agreement/);
    const model = JSON.parse(await readFile(out, 'utf8'));
    assert.equal(model.format, 'whyrec-distilled');
    assert.equal(model.family, family);
    const fidelity = JSON.parse(await readFile(report, 'utf8'));
    assert.ok(fidelity.holdout_r2 > 0.5, `held-out R^2 ${fidelity.holdout_r2}`);
    if (family === 'rule_list') assert.equal(fidelity.terms, model.rules.length);
    const { rows } = await demoRows();
    const interventional = await explain(out, [
      '--method',
      'tree',
      '--tree-mode',
      'interventional',
    ]);
    const exact = await explain(out, ['--method', 'exact', '--output', 'margin']);
    interventional.values.forEach((values, r) => {
      assert.ok(Math.abs(interventional.model_output[r] - score(model, rows[r])) < 1e-6);
      values.forEach((v, j) => assert.ok(Math.abs(v - exact.values[r][j]) < 1e-5, `${r}, ${j}`));
    });
    // With no --tree-mode, a tree (fitted row counts) is explained in path mode, a rule list
    // (none) in interventional mode; without a background the rule list's error says why.
    const byDefault = await explain(out, []);
    const mode = family === 'rule_list' ? 'interventional' : 'path';
    assert.equal(byDefault.settings.tree_mode, mode);
    if (family === 'rule_list') assert.deepEqual(byDefault.values, interventional.values);
    // The JS API reads the file as the CLI does (TreeSHAP in the full WebAssembly core), with the
    // same default mode and values.
    const { names, background } = await demoRows();
    const js = await explainInJs({
      model: out,
      instances: rows.slice(0, 3),
      background,
      featureNames: names,
    });
    assert.equal(js.method, 'tree');
    assert.equal(js.settings.tree_mode, mode);
    js.values.forEach((values, r) =>
      values.forEach((v, j) => assert.ok(Math.abs(v - byDefault.values[r][j]) < 1e-9, `js ${r}`)),
    );
    await assert.rejects(
      explainInJs({ model: out, instances: rows.slice(0, 1), background, method: 'kernel' }),
      new RegExp(`a distilled ${family} model is explained with method "tree", not "kernel"`),
    );
    const alone = await run(['explain', '--model', out, ...candidateArgs, '--rows', '0:3']);
    if (family === 'rule_list') {
      assert.notEqual(alone.code, 0);
      assert.match(alone.stderr, /needs --background .*no training covers/);
    } else {
      assert.equal(alone.code, 0, alone.stderr);
    }
  });
}

const withoutTimes = (front) => ({
  ...front,
  candidates: front.candidates.map(({ fit_seconds, ...rest }) => rest),
});

test('--search writes the front and the pick, the same for the same seed', async () => {
  const search = [
    ...['--search', '--search-families', 'linear,tree,rule_list', '--time-budget', '600'],
    ...['--seed', '4'],
  ];
  const runs = [];
  for (const name of ['a', 'b']) {
    const out = join(dir, `pick-${name}.json`);
    const front = join(dir, `front-${name}.json`);
    await distill([...search, '--out', out, '--front', front]);
    runs.push({
      pick: await readFile(out, 'utf8'),
      front: JSON.parse(await readFile(front, 'utf8')),
    });
  }
  const [a, b] = runs;
  assert.equal(a.pick, b.pick);
  assert.deepEqual(withoutTimes(a.front), withoutTimes(b.front));
  const front = a.front;
  assert.equal(front.format, 'whyrec-distill-front');
  assert.equal(front.version, 1);
  assert.equal(front.metric, 'holdout_r2');
  assert.match(front.pick_rule, /smallest gzip_bytes within 1% of the best holdout_r2/);
  const picked = front.candidates.filter((c) => c.picked);
  assert.equal(picked.length, 1);
  const best = Math.max(...front.candidates.map((c) => c.holdout_r2));
  assert.ok(picked[0].holdout_r2 >= best - 0.01 * Math.abs(best));
  for (const c of front.candidates) {
    assert.ok(['linear', 'tree', 'rule_list'].includes(c.family));
    for (const key of ['json_bytes', 'gzip_bytes', 'terms', 'holdout_r2', 'fit_seconds']) {
      assert.equal(typeof c[key], 'number', key);
    }
    assert.equal(typeof c.top_k_agreement, 'number');
    assert.equal(typeof c.ndcg_at_10, 'number');
    if (c.holdout_r2 >= best - 0.01 * Math.abs(best))
      assert.ok(picked[0].gzip_bytes <= c.gzip_bytes);
  }
  assert.equal(
    JSON.parse(a.pick).format ?? JSON.parse(a.pick).type,
    picked[0].family === 'linear' ? 'linear' : 'whyrec-distilled',
  );
});

test('--search fits GA2M candidates beside synthetic rows the teacher scores', async () => {
  const front = join(dir, 'front-augmented.json');
  const out = join(dir, 'pick-augmented.json');
  const search = ['--search', '--search-families', 'ga2m', '--search-augment', '2'];
  await distill([...search, '--time-budget', '600', '--out', out, '--front', front]);
  const { candidates } = JSON.parse(await readFile(front, 'utf8'));
  const augmented = candidates.filter((c) => 'augment' in c.settings);
  assert.ok(augmented.length > 0, 'no augmented candidate reached the last rung');
  // The defaults, or the high-fidelity recipe's boosting with some pairs.
  const defaults = { max_bins: 1024, interactions: 40, max_pair_bins: 16, bags: 8, augment: 2 };
  const recipe = { max_bins: 1024, bags: 1, augment: 2, learning_rate: 0.04 };
  for (const c of augmented) {
    if (!('learning_rate' in c.settings)) assert.deepEqual(c.settings, defaults);
    else {
      const { interactions, max_pair_bins, smoothing_rounds, max_rounds, ...rest } = c.settings;
      assert.deepEqual(rest, recipe);
      assert.equal(smoothing_rounds, 500);
      assert.ok([0, 10, 40, 66].includes(interactions) && [16, 28, 48].includes(max_pair_bins));
      assert.ok([1000, 2000].includes(max_rounds));
    }
  }
  // On the demo teacher synthetic rows give the most faithful model the grid has.
  const best = candidates.reduce((a, c) => (c.holdout_r2 > a.holdout_r2 ? c : a));
  assert.equal(best.settings.augment, 2);
});

async function expectError(args, pattern) {
  const never = join(dir, 'never.json');
  const result = await run(['distill', ...distillArgs, ...args, '--out', never]);
  assert.equal(result.code, 1, result.stdout);
  assert.match(result.stderr, pattern);
  assert.equal(await readFile(never).catch(() => 'absent'), 'absent');
}

test('--search: a budget or size cap that nothing meets, or --augment, is a clear error', async () => {
  await expectError(
    ['--search', '--time-budget', '0.000001'],
    /time budget of 1e-06 s is too small/,
  );
  await expectError(
    ['--search', '--search-families', 'linear', '--max-gzip-bytes', '10'],
    /no candidate is within the size cap of 10 gzip bytes/,
  );
  await expectError(['--search', '--augment', '3'], /--search: .*\(--search-augment\)/);
});
