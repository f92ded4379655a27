// The JS API end to end in Node (core WASM + onnxruntime-web), checked against Shapley values
// computed here by brute force from the definition, with an ONNX Runtime session of our own.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import * as ort from 'onnxruntime-web';
import Papa from 'papaparse';
import { createEngine } from '../../web/engine.mjs';
import { close, explain, predict } from '../../web/whyrec.mjs';

const demo = new URL('../../examples/demo/', import.meta.url);
const modelPath = new URL('ctr_mlp.onnx', demo).pathname;
const linearModelPath = new URL('ctr_logistic.json', demo).pathname;

let names;
let background;
let candidates;
let session;

before(async () => {
  ({ feature_names: names } = JSON.parse(await readFile(new URL('meta.json', demo), 'utf8')));
  background = await numericRows('background.csv', names);
  candidates = await numericRows('candidates.csv', names);
  ort.env.wasm.numThreads = 1;
  session = await ort.InferenceSession.create(await readFile(modelPath));
});

after(async () => {
  await session.release();
  await close();
});

async function numericRows(file, columns) {
  const text = await readFile(new URL(file, demo), 'utf8');
  const { data } = Papa.parse(text, { header: true, dynamicTyping: true, skipEmptyLines: true });
  return data.map((row) => columns.map((name) => row[name]));
}

// f(rows) with our own session: the 'prob' output, one value per row.
async function modelProb(rows, width) {
  const n = rows.length / width;
  const out = await session.run({ features: new ort.Tensor('float32', rows, [n, width]) });
  return out.prob.data;
}

/**
 * Shapley values of the game v(S) = mean over background rows b of f(x_S, b_rest), where each
 * player is a list of feature indices, by the subset formula
 * phi_i = sum over S not containing i of |S|! (p-|S|-1)! / p! * (v(S + i) - v(S)).
 */
async function bruteForceShapley(instance, players) {
  const width = instance.length;
  const p = players.length;
  const m = background.length;
  const coalitions = 1 << p;
  const rows = new Float32Array(coalitions * m * width);
  for (let s = 0; s < coalitions; s++) {
    for (let b = 0; b < m; b++) {
      const row = rows.subarray((s * m + b) * width, (s * m + b + 1) * width);
      row.set(background[b]);
      players.forEach((features, k) => {
        if (s & (1 << k)) for (const j of features) row[j] = instance[j];
      });
    }
  }
  const outputs = await modelProb(rows, width);
  const value = new Float64Array(coalitions);
  for (let s = 0; s < coalitions; s++) {
    let sum = 0;
    for (let b = 0; b < m; b++) sum += outputs[s * m + b];
    value[s] = sum / m;
  }
  const factorial = [1];
  for (let k = 1; k <= p; k++) factorial[k] = factorial[k - 1] * k;
  const phi = players.map((_, i) => {
    let total = 0;
    for (let s = 0; s < coalitions; s++) {
      if (s & (1 << i)) continue;
      const size = popcount(s);
      const weight = (factorial[size] * factorial[p - size - 1]) / factorial[p];
      total += weight * (value[s | (1 << i)] - value[s]);
    }
    return total;
  });
  return { phi, baseValue: value[0], output: value[coalitions - 1] };
}

function popcount(bits) {
  let count = 0;
  for (let rest = bits; rest; rest &= rest - 1) count++;
  return count;
}

function assertClose(actual, expected, tolerance, what) {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual} differs from ${expected} by more than ${tolerance}`,
  );
}

const sum = (values) => values.reduce((a, b) => a + b, 0);

describe('exact Shapley of the demo MLP', () => {
  let instances;
  let explanation;

  before(async () => {
    instances = [candidates[0], candidates[137]];
    explanation = await explain({
      model: modelPath,
      instances,
      background,
      featureNames: names,
      method: 'exact',
      output: 'prob',
    });
  });

  test('has one row of values per instance, one value per feature', () => {
    assert.equal(explanation.method, 'exact');
    assert.equal(explanation.output, 'prob');
    assert.deepEqual(explanation.feature_names, names);
    assert.equal(explanation.values.length, 2);
    assert.equal(explanation.std_errors.length, 2);
    assert.equal(explanation.model_output.length, 2);
    for (const row of explanation.values) assert.equal(row.length, names.length);
    for (const row of explanation.std_errors) assert.deepEqual(row, Array(names.length).fill(0));
  });

  test('model output and base value are f(instance) and the mean of f(background)', async () => {
    const atInstances = await predict({ model: modelPath, rows: instances, output: 'prob' });
    const onBackground = await modelProb(Float32Array.from(background.flat()), names.length);
    for (let i = 0; i < 2; i++) {
      assertClose(explanation.model_output[i], atInstances[i], 1e-6, `model_output[${i}]`);
    }
    assertClose(explanation.base_value, sum(onBackground) / background.length, 1e-6, 'base_value');
  });

  test('is efficient: values add up to model output minus base value', () => {
    explanation.values.forEach((row, i) => {
      const gap = explanation.model_output[i] - explanation.base_value;
      assertClose(sum(row), gap, 1e-6, `sum of values, row ${i}`);
    });
  });

  test('matches brute-force Shapley values from the definition', async () => {
    const players = names.map((_, j) => [j]);
    for (let i = 0; i < instances.length; i++) {
      const { phi } = await bruteForceShapley(instances[i], players);
      phi.forEach((expected, j) => {
        assertClose(explanation.values[i][j], expected, 1e-6, `row ${i}, ${names[j]}`);
      });
    }
  });
});

describe('linear SHAP', () => {
  test('gives w_j * (x_j - mean_j) for each feature, in margin space', async () => {
    const model = JSON.parse(await readFile(linearModelPath, 'utf8'));
    const instances = [candidates[3], candidates[4000]];
    const explanation = await explain({ model, instances, background, method: 'linear' });
    // The core sees float32 rows; so does this closed form.
    const float = (rows) => rows.map((row) => row.map(Math.fround));
    const [x, bg] = [float(instances), float(background)];
    const mean = names.map((_, j) => sum(bg.map((row) => row[j])) / bg.length);
    const w = model.coefficients;
    assert.equal(explanation.method, 'linear');
    assert.deepEqual(explanation.feature_names, names);
    x.forEach((row, i) => {
      names.forEach((name, j) => {
        assertClose(explanation.values[i][j], w[j] * (row[j] - mean[j]), 1e-9, `row ${i}, ${name}`);
      });
      const margin = model.intercept + sum(row.map((value, j) => w[j] * value));
      assertClose(explanation.model_output[i], margin, 1e-9, `model_output[${i}]`);
    });
    const baseMargin = model.intercept + sum(mean.map((value, j) => w[j] * value));
    assertClose(explanation.base_value, baseMargin, 1e-9, 'base_value');
  });

  test('takes the model as a path to its JSON file, and rows as flat Float32Arrays', async () => {
    const model = JSON.parse(await readFile(linearModelPath, 'utf8'));
    const fromObject = await explain({ model, instance: candidates[3], background });
    const fromPath = await explain({ model: linearModelPath, instance: candidates[3], background });
    const fromFlat = await explain({
      model,
      instance: Float32Array.from(candidates[3]),
      background: Float32Array.from(background.flat()),
    });
    assert.deepEqual(fromPath.values, fromObject.values);
    assert.deepEqual(fromFlat.values, fromObject.values);
  });
});

describe('groups', () => {
  test("a group's value is the brute-force Shapley value of the merged player", async () => {
    const groups = {
      price: ['price_vs_usual_spend', 'discount_pct'],
      item_quality: ['item_popularity', 'item_rating', 'shipping_days'],
    };
    const grouped = new Set(Object.values(groups).flat());
    const expectedPlayers = [
      ...Object.entries(groups).map(([group, members]) => [group, members]),
      ...names.filter((name) => !grouped.has(name)).map((name) => [name, [name]]),
    ];
    const instance = candidates[42];
    const explanation = await explain({
      model: modelPath,
      instance,
      background,
      featureNames: names,
      groups,
      output: 'prob',
    });
    assert.deepEqual(
      [...explanation.feature_names].sort(),
      expectedPlayers.map(([player]) => player).sort(),
    );
    const players = explanation.feature_names.map((player) =>
      new Map(expectedPlayers).get(player).map((name) => names.indexOf(name)),
    );
    const { phi } = await bruteForceShapley(instance, players);
    explanation.feature_names.forEach((player, k) => {
      assertClose(explanation.values[0][k], phi[k], 1e-6, player);
    });
    const gap = explanation.model_output[0] - explanation.base_value;
    assertClose(sum(explanation.values[0]), gap, 1e-6, 'sum of group values');
  });
});

describe('bad input', () => {
  const valid = () => ({
    model: modelPath,
    instance: [...candidates[0]],
    background,
    featureNames: names,
    output: 'prob',
  });

  test('an unknown method is named in the error', async () => {
    await assert.rejects(explain({ ...valid(), method: 'no-such-method' }), /no-such-method/);
  });

  test('an unknown output lists the outputs the model has', async () => {
    await assert.rejects(
      explain({ ...valid(), output: 'probability' }),
      /no output "probability".*logit, prob/,
    );
  });

  test('an instance of the wrong width names both widths', async () => {
    await assert.rejects(
      explain({ ...valid(), instance: candidates[0].slice(1) }),
      /11 values, but there are 12 features/,
    );
    await assert.rejects(
      explain({
        model: modelPath,
        instance: candidates[0].slice(1),
        background: background.map((row) => row.slice(1)),
      }),
      /input "features" takes 12 values per row, but the rows given have 11/,
    );
  });

  test('a missing value reaches the model; refused, or infinite, it names row and feature', async () => {
    const instance = [...candidates[0]];
    instance[names.indexOf('item_rating')] = NaN;
    // The demo MLP answers NaN for a NaN input: the core says so rather than return NaN values.
    await assert.rejects(
      explain({ ...valid(), instance }),
      /the model returned NaN or infinity .*missing values reach the model as NaN/,
    );
    await assert.rejects(
      explain({ ...valid(), instance, missing: 'error' }),
      /instance row 0, feature "item_rating" is missing \(NaN\), and `missing: 'error'`/,
    );
    await assert.rejects(
      explain({ ...valid(), missing: 'sometimes' }),
      /`missing` must be 'allow' or 'error', got "sometimes"/,
    );
    const withInfinity = background.map((row) => [...row]);
    withInfinity[7][2] = Infinity;
    await assert.rejects(
      explain({ ...valid(), background: withInfinity }),
      /background row 7, feature "days_since_category_view": Infinity is not a finite number/,
    );
  });

  test('an empty background is refused', async () => {
    await assert.rejects(explain({ ...valid(), background: [] }), /background is empty/);
  });

  test('method "linear" needs a linear model, and a linear model needs it', async () => {
    await assert.rejects(explain({ ...valid(), method: 'linear' }), /needs a linear model/);
    await assert.rejects(
      explain({ ...valid(), model: linearModelPath, method: 'exact' }),
      /explain linear models with method "linear"/,
    );
  });
});

describe('cancellation', () => {
  const request = (signal, onProgress) => ({
    model: modelPath,
    instances: candidates.slice(0, 10),
    background,
    featureNames: names,
    output: 'prob',
    maxBatchRows: 8192,
    signal,
    onProgress,
  });

  test('an AbortSignal stops the job between batches with an AbortError', async () => {
    const controller = new AbortController();
    let batches = 0;
    const onProgress = () => {
      if (++batches === 3) controller.abort();
    };
    await assert.rejects(explain(request(controller.signal, onProgress)), { name: 'AbortError' });
    assert.equal(batches, 3, 'no batch ran after the abort');
  });

  test('an aborted signal rejects before any work', async () => {
    let batches = 0;
    await assert.rejects(explain(request(AbortSignal.abort(), () => batches++)), {
      name: 'AbortError',
    });
    assert.equal(batches, 0);
  });
});

test('method settings reach the core as they are', async () => {
  const batches = [];
  const explanation = await explain({
    model: modelPath,
    instance: candidates[0],
    background,
    featureNames: names,
    output: 'prob',
    settings: { max_batch_rows: 50000 },
    onProgress: ({ rowsEvaluated }) => batches.push(rowsEvaluated),
  });
  assert.equal(explanation.settings.max_batch_rows, 50000);
  batches.forEach((rows, i) => assert.ok(rows - (batches[i - 1] ?? 0) <= 50000));
});

test("the widget's cores split the methods: white-box models go to whiteBoxCoreUrl", async () => {
  const wasm = new URL('../../build/wasm/', import.meta.url);
  const shapleyCore = new URL('whyrec_shapley.mjs', wasm);
  const xgboost = new URL('../../examples/trees/ctr_xgb.json', import.meta.url).pathname;
  const request = (model, method) => ({ model, method, instance: candidates[0], background });
  const alone = createEngine({ coreUrl: shapleyCore });
  await assert.rejects(alone.explain(request(xgboost)), /no white-box models.*whiteBoxCoreUrl/);
  await assert.rejects(alone.explain(request(linearModelPath, 'linear')), /no white-box models/);
  const split = createEngine({
    coreUrl: shapleyCore,
    whiteBoxCoreUrl: new URL('whyrec_white_box.mjs', wasm),
  });
  const full = createEngine();
  try {
    for (const [model, method] of [[xgboost], [linearModelPath, 'linear'], [modelPath, 'exact']]) {
      const ours = await split.explain(request(model, method));
      const reference = await full.explain(request(model, method));
      assert.equal(ours.method, reference.method);
      ours.values[0].forEach((value, j) =>
        assert.ok(Math.abs(value - reference.values[0][j]) < 1e-9, `${model}: value ${j}`),
      );
    }
  } finally {
    await Promise.all([split, alone, full].map((engine) => engine.close()));
  }
});

test("the widget's core reads XGBoost models as the full core does, errors included", async () => {
  // The full core takes the tree arrays from parser events, the widget's from a DOM.
  const wasm = new URL('../../build/wasm/', import.meta.url);
  const widget = createEngine({ whiteBoxCoreUrl: new URL('whyrec_white_box.mjs', wasm) });
  const full = createEngine();
  const text = await readFile(
    new URL('../../examples/trees/ctr_xgb.json', import.meta.url),
    'utf8',
  );
  const edits = [
    () => {},
    (tree) => (tree.left_children = 5),
    (tree) => (tree.sum_hessian[2] = [1]),
    (tree) => (tree.split_conditions[0] = 'NaN'),
    (tree) => (tree.left_children[0] = 99),
    (tree) => delete tree.default_left,
  ];
  try {
    for (const edit of edits) {
      const model = JSON.parse(text);
      edit(model.learner.gradient_booster.model.trees[0]);
      const request = { model, method: 'tree', instance: candidates[0], background };
      const outcome = (engine) =>
        engine.explain(request).then(
          (e) => e.values[0],
          (error) => error.message,
        );
      const [small, large] = [await outcome(widget), await outcome(full)];
      if (Array.isArray(large)) {
        // The full core sums sibling leaves' tables once, the widget's adds them row by row:
        // the same values up to rounding.
        assert.equal(small.length, large.length);
        small.forEach((v, j) => assert.ok(Math.abs(v - large[j]) < 1e-12, `value ${j}`));
      } else {
        assert.deepEqual(small, large, edit.toString());
      }
    }
  } finally {
    await Promise.all([widget, full].map((engine) => engine.close()));
  }
});
