// LIME, Anchors, global importance and fidelity curves from the native CLI, and LIME agreeing
// between the native and the WebAssembly builds for the same seed. Anchors' precision is checked
// on fresh samples drawn here, by code that shares nothing with the core.
// WHYREC_CLI and WHYREC_CORE point the test at other builds (see demo-cli.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as ortNode from 'onnxruntime-node';
import { explain, close } from '../../web/whyrec.mjs';
import { backgroundArgs, demo, demoArgs, demoRows, run, runJson } from './demo-cli.mjs';
import { seededRandom } from './seeded-random.mjs';
import { makeTempDir } from './temp-dir.mjs';

const explainDemo = (extra) => runJson(['explain', ...demoArgs, ...backgroundArgs, ...extra]);

test('LIME on the demo: lime defaults, local fidelity, conditions, same seed same JSON', async () => {
  const args = ['--rows', '0:3', '--method', 'lime', '--output', 'prob', '--seed', '7'];
  const json = await explainDemo(args);
  assert.equal(json.method, 'lime');
  assert.equal(json.seed, 7);
  assert.equal(json.settings.num_samples, 5000);
  assert.equal(json.settings.discretizer, 'quartile');
  assert.equal(json.settings.num_features, 10);
  assert.ok(Math.abs(json.settings.kernel_width - 0.75 * Math.sqrt(12)) < 1e-12);
  assert.equal(json.evaluations, 5000 + 100);
  for (const field of [
    'intercept',
    'weights',
    'score',
    'local_prediction',
    'conditions',
    'features_used',
  ]) {
    assert.equal(json[field].length, 3, field);
  }
  json.values.forEach((row, i) => {
    assert.equal(row.filter((v) => v !== 0).length, 10);
    const sum = row.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(json.intercept[i] + sum - json.local_prediction[i]) < 1e-9);
    assert.ok(json.score[i] > 0 && json.score[i] <= 1, `R² ${json.score[i]}`);
    assert.match(json.conditions[i][0], /price_vs_usual_spend/);
  });
  assert.deepEqual(await explainDemo(args), json);
  const other = await explainDemo([
    '--rows',
    '0:3',
    '--method',
    'lime',
    '--output',
    'prob',
    '--seed',
    '8',
  ]);
  assert.notDeepEqual(other.values, json.values);
});

test('LIME gives the same explanation natively and in WebAssembly for the same seed', async (t) => {
  t.after(close);
  const native = await explainDemo([
    '--rows',
    '5:7',
    '--method',
    'lime',
    '--output',
    'prob',
    '--seed',
    '21',
    '--num-features',
    '5',
    '--feature-selection',
    'lasso_path',
  ]);
  const { rows, background, names } = await demoRows();
  const wasm = await explain({
    model: demo + 'ctr_mlp.onnx',
    instances: rows.slice(5, 7),
    background,
    featureNames: names,
    method: 'lime',
    output: 'prob',
    settings: { seed: 21, num_features: 5, feature_selection: 'lasso_path' },
  });
  assert.equal(wasm.method, 'lime');
  assert.equal(wasm.seed, 21);
  assert.deepEqual(wasm.settings.num_features, 5);
  assert.deepEqual(wasm.conditions, native.conditions);
  assert.deepEqual(wasm.features_used, native.features_used);
  wasm.values.forEach((row, i) =>
    row.forEach((value, j) =>
      assert.ok(
        Math.abs(value - native.values[i][j]) < 1e-6,
        `row ${i} ${names[j]}: ${value} vs ${native.values[i][j]}`,
      ),
    ),
  );
  assert.ok(Math.abs(wasm.base_value - native.base_value) < 1e-6);
});

test('anchors find the same rules natively and in WebAssembly for the same seed', async (t) => {
  t.after(close);
  const native = await explainDemo([
    '--rows',
    '0:5',
    '--method',
    'anchors',
    '--output',
    'prob',
    '--seed',
    '1',
  ]);
  const { rows, background, names } = await demoRows();
  const wasm = await explain({
    model: demo + 'ctr_mlp.onnx',
    instances: rows.slice(0, 5),
    background,
    featureNames: names,
    method: 'anchors',
    output: 'prob',
    settings: { seed: 1 },
  });
  assert.deepEqual(wasm.anchor, native.anchor);
  assert.deepEqual(wasm.coverage, native.coverage);
  assert.deepEqual(wasm.precision, native.precision);
  assert.deepEqual(wasm.anchor_found, native.anchor_found);
});

// Precision of a rule on fresh samples, drawn as the rule's definition says: a random background
// row, with the rule's features taken from a random background row that satisfies the rule.
function satisfies(row, conditions, names) {
  return conditions.every(({ feature, op, value }) => {
    const x = Math.fround(row[names.indexOf(feature)]);
    return op === '<=' ? x <= value : op === '>' ? x > value : x === value;
  });
}

// When no background row satisfies the whole rule, each feature of the rule comes from its own
// satisfying row, as the rule's definition says.
function freshSamples(conditions, n, { background, names, random }) {
  const joint = background.filter((b) => satisfies(b, conditions, names));
  const features = [...new Set(conditions.map((c) => c.feature))];
  const donors = features.map((f) =>
    joint.length
      ? joint
      : background.filter((b) =>
          satisfies(
            b,
            conditions.filter((c) => c.feature === f),
            names,
          ),
        ),
  );
  const input = new Float32Array(n * names.length);
  for (let s = 0; s < n; s++) {
    const row = [...background[Math.floor(random() * background.length)]];
    const shared = joint.length ? joint[Math.floor(random() * joint.length)] : null;
    features.forEach((feature, k) => {
      const f = names.indexOf(feature);
      row[f] = (shared ?? donors[k][Math.floor(random() * donors[k].length)])[f];
    });
    input.set(row, s * names.length);
  }
  return input;
}

test('anchors on the demo: claimed rules hold on fresh samples, coverage is a share', async (t) => {
  const json = await explainDemo([
    '--rows',
    '0:40',
    '--method',
    'anchors',
    '--output',
    'prob',
    '--seed',
    '3',
  ]);
  const { rows, background, names } = await demoRows();
  const session = await ortNode.InferenceSession.create(demo + 'ctr_mlp.onnx');
  const random = seededRandom(99);
  const fresh = 2000;
  let claimed = 0;
  let held = 0;
  for (let i = 0; i < 40; i++) {
    assert.ok(json.coverage[i] >= 0 && json.coverage[i] <= 1);
    assert.ok(json.precision_lower_bound[i] <= json.precision[i]);
    if (!json.anchor_found[i]) continue;
    claimed++;
    const conditions = json.conditions[i];
    assert.ok(satisfies(rows[i], conditions, names), 'the instance satisfies its own rule');
    const input = freshSamples(conditions, fresh, { background, names, random });
    const tensor = new ortNode.Tensor('float32', input, [fresh, names.length]);
    const { prob } = await session.run({ features: tensor }, ['prob']);
    const agree = prob.data.filter((p) => (p > 0.5 ? 1 : 0) === json.prediction[i]).length;
    if (agree / fresh >= 0.95) held++;
  }
  t.diagnostic(`${held} of ${claimed} claimed rules reached 0.95 on ${fresh} fresh samples each`);
  assert.ok(claimed >= 30, `rules claimed for ${claimed} of 40 rows`);
  assert.ok(
    held >= 0.95 * claimed,
    `${held} of ${claimed} claimed rules reach 0.95 on fresh samples`,
  );
});

test('importance and curves subcommands on the demo', async (t) => {
  const permutation = await runJson([
    'importance',
    ...demoArgs,
    '--target',
    'label',
    '--metric',
    'auc',
    '--output',
    'prob',
    '--rows',
    '0:2000',
  ]);
  assert.equal(permutation.method, 'permutation');
  assert.equal(permutation.metric, 'auc');
  assert.equal(permutation.importance.length, 12);
  permutation.importance.forEach((v, j) =>
    assert.ok(permutation.ci_low[j] <= v && v <= permutation.ci_high[j]),
  );
  const ale = await runJson([
    'importance',
    '--method',
    'ale',
    '--feature',
    'discount_pct',
    ...demoArgs,
  ]);
  assert.equal(ale.edges.length, ale.effect.length);
  const alePair = await runJson([
    'importance',
    '--method',
    'ale',
    '--feature',
    'novelty,item_rating',
    '--bins',
    '4',
    ...demoArgs,
  ]);
  assert.equal(alePair.effect.length, alePair.edges[0].length);
  assert.equal(alePair.effect[0].length, alePair.edges[1].length);
  const pd = await runJson([
    'importance',
    '--method',
    'pd',
    '--feature',
    'novelty,item_rating',
    ...demoArgs,
  ]);
  assert.equal(pd.average.length, pd.grid[0].length);
  const dir = await makeTempDir('whyrec-lime-', t);
  const written = await run([
    'explain',
    ...demoArgs,
    ...backgroundArgs,
    '--rows',
    '10:12',
    '--output',
    'prob',
    '--out',
    join(dir, 'exact.json'),
  ]);
  assert.equal(written.code, 0, written.stderr);
  const meanAbs = await runJson([
    'importance',
    '--method',
    'mean_abs',
    '--explanation',
    join(dir, 'exact.json'),
  ]);
  assert.equal(meanAbs.rows, 2);
  const curves = await runJson([
    'curves',
    '--explanation',
    join(dir, 'exact.json'),
    ...demoArgs,
    ...backgroundArgs,
    '--random-orders',
    '5',
  ]);
  assert.deepEqual(curves.rows, [10, 12]);
  assert.equal(curves.deletion[0].length, 13);
  curves.deletion_area.forEach((area, i) => assert.ok(area < curves.random_deletion_area[i]));
});

test('bad settings for lime, anchors and importance get clear messages', async () => {
  const cases = [
    [
      ['--method', 'lime', '--num-features', '20'],
      /'num_features' must be an integer >= 1 and <= 12, got 20/,
    ],
    [['--method', 'lime', '--discretizer', 'octile'], /octile not in/],
    [['--method', 'anchors', '--threshold', '1.5'], /'threshold' must be in \(0, 1\), got 1.5/],
    [['--method', 'lime', '--groups', demo + 'missing.json'], /missing\.json/],
  ];
  for (const [extra, message] of cases) {
    const { code, signal, stderr } = await run([
      'explain',
      ...demoArgs,
      ...backgroundArgs,
      '--rows',
      '0:1',
      ...extra,
    ]);
    assert.equal(signal, null);
    assert.notEqual(code, 0, extra.join(' '));
    assert.match(stderr, message, extra.join(' '));
  }
  const noTarget = await run(['importance', ...demoArgs, '--metric', 'logloss']);
  assert.notEqual(noTarget.code, 0);
  assert.match(noTarget.stderr, /metric 'logloss' needs a label column \(--target\)/);
  const noFeature = await run(['importance', '--method', 'ale', ...demoArgs]);
  assert.match(noFeature.stderr, /method ale needs feature NAME or a pair A,B/);
});
