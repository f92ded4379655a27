// A distilled model (examples/demo/ctr_mlp_distilled.json, `whyrec distill`'s GA2M of the demo
// MLP) in the JS API: recognised by content, explained in closed form by the widget's small
// distilled core and by the full core with the same values as `whyrec explain` (to the bit),
// predicted as the CLI predicts it, explained by model-agnostic methods through its predictions
// with the same values, and clear errors for requests it cannot answer.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { loadCore } from '../../web/core.mjs';
import { createEngine } from '../../web/engine.mjs';
import { resolveModel } from '../../web/models.mjs';
import { demo, demoDataArgs, demoRows, run } from './demo-cli.mjs';
import { cores, engines, noCli, noCore } from './distilled-cores.mjs';
import { makeTempDir } from './temp-dir.mjs';

const modelPath = join(demo, 'ctr_mlp_distilled.json');
const { names, rows, background } = await demoRows();
const explained = rows.slice(0, 6);

function assertClose(actual, expected, tolerance, what) {
  assert.equal(actual.length, expected.length, what);
  actual.forEach((v, i) =>
    assert.ok(Math.abs(v - expected[i]) <= tolerance, `${what}[${i}]: ${v} vs ${expected[i]}`),
  );
}

test('a distilled model is recognised by its content: object, text, .json path, gzip', async (t) => {
  const text = await readFile(modelPath, 'utf8');
  const dir = await makeTempDir('whyrec-distilled-', t);
  const gzipped = join(dir, 'model.bin');
  await writeFile(gzipped, gzipSync(text));
  for (const model of [JSON.parse(text), text, modelPath, gzipSync(text)]) {
    const resolved = await resolveModel(model);
    assert.equal(resolved.kind, 'distilled');
    assert.deepEqual(resolved.spec.feature_names, names);
  }
});

for (const core of ['distilled', 'full']) {
  test(
    `${core} core: the closed form equals whyrec explain on the distilled model, to the bit`,
    { skip: noCore(core) || noCli },
    async () => {
      const cli = await run(['explain', '--model', modelPath, ...demoDataArgs, '--rows', '0:6']);
      assert.equal(cli.code, 0, cli.stderr);
      const native = JSON.parse(cli.stdout);
      const e = await engines[core].explain({ model: modelPath, instances: explained, background });
      assert.equal(e.method, 'additive');
      assert.equal(e.output, 'margin');
      assert.deepEqual(e.feature_names, names);
      assert.equal(e.settings.background_rows, background.length);
      // The CLI runs the same closed form (core/explain/shapley/distilled_shapley.h) natively.
      assert.equal(native.method, 'additive');
      assert.equal(e.base_value, native.base_value);
      assert.deepStrictEqual(e.model_output, native.model_output);
      assert.deepStrictEqual(e.values, native.values);
      e.values.forEach((values, r) => {
        assert.deepEqual(e.std_errors[r], new Array(names.length).fill(0));
        const sum = values.reduce((a, b) => a + b, 0);
        assert.ok(Math.abs(sum - (e.model_output[r] - e.base_value)) <= 1e-9, `efficiency ${r}`);
      });
    },
  );

  test(
    `${core} core: predict gives the CLI's margin and its sigmoid`,
    { skip: noCore(core) || noCli },
    async () => {
      const cli = await run(['explain', '--model', modelPath, ...demoDataArgs, '--rows', '0:6']);
      const margins = JSON.parse(cli.stdout).model_output;
      const engine = engines[core];
      const margin = await engine.predict({ model: modelPath, rows: explained });
      const prob = await engine.predict({ model: modelPath, rows: explained, output: 'prob' });
      assertClose(Array.from(margin), margins, 1e-6, 'margin');
      assertClose(
        Array.from(prob),
        margins.map((m) => 1 / (1 + Math.exp(-m))),
        1e-6,
        'prob',
      );
    },
  );
}

// The storefront warms its model up with predict({ rows: [] }) while the page loads; the widgets'
// explain requests then find it read and in the core.
test(
  'a model named by URL is fetched once for a predict and the explain requests after it',
  { skip: noCore('distilled') },
  async (t) => {
    const text = await readFile(modelPath);
    let requests = 0;
    const server = createServer((request, response) => {
      requests++;
      response.end(text);
    });
    await new Promise((resolve) => server.listen(0, 'localhost', resolve));
    t.after(() => server.close());
    const engine = createEngine({ coreUrl: cores.full, distilledCoreUrl: cores.distilled });
    t.after(() => engine.close());
    const model = `http://localhost:${server.address().port}/ctr_mlp_distilled.json`;
    assert.equal((await engine.predict({ model, rows: [] })).length, 0);
    const [first, second] = await Promise.all(
      explained.slice(0, 2).map((instance) => engine.explain({ model, instance, background })),
    );
    const local = await engines.distilled.explain({
      model: modelPath,
      instance: explained[1],
      background,
    });
    assert.deepEqual(second.values, local.values);
    assert.equal(first.values[0].length, names.length);
    assert.equal(requests, 1);
  },
);

test(
  'model-agnostic exact Shapley values on its predictions equal the closed form, groups too',
  { skip: noCore('distilled') || noCore('full') },
  async () => {
    const engine = engines.distilled;
    const request = { model: modelPath, instances: explained.slice(0, 2), background };
    const closed = await engine.explain(request);
    const exact = await engine.explain({ ...request, method: 'exact' });
    assert.equal(exact.method, 'exact');
    exact.values.forEach((values, r) => assertClose(values, closed.values[r], 1e-5, `row ${r}`));
    // Each player of an additive model gets the sum of its features' values.
    const groups = { price: [names[0], names[5]], interest: [names[1], names[2], names[8]] };
    const grouped = await engine.explain({ ...request, groups });
    const groupedExact = await engine.explain({ ...request, groups, method: 'exact' });
    const players = grouped.feature_names;
    assert.deepEqual(players, groupedExact.feature_names);
    grouped.values.forEach((values, r) => {
      assertClose(values, groupedExact.values[r], 1e-5, `grouped row ${r}`);
      players.forEach((player, g) => {
        const members = groups[player] ?? [player];
        const sum = members.reduce((s, name) => s + closed.values[r][names.indexOf(name)], 0);
        assert.ok(Math.abs(values[g] - sum) <= 1e-9, `${player}, row ${r}`);
      });
    });
  },
);

test(
  'clear errors for requests a distilled model cannot answer',
  { skip: noCore('distilled') },
  async () => {
    const engine = engines.distilled;
    const request = { model: modelPath, instance: rows[0], background };
    await assert.rejects(
      engine.explain({ ...request, featureNames: [names[1], names[0], ...names.slice(2)] }),
      /feature 0 is "category_affinity" in the request but "price_vs_usual_spend" in the distilled model/,
    );
    await assert.rejects(
      engine.explain({ ...request, output: 'logit' }),
      /the distilled model has no output "logit"; its outputs are: margin, prob/,
    );
    await assert.rejects(
      engine.explain({ ...request, instance: rows[0].slice(1), featureNames: names.slice(1) }),
      /the distilled model takes 12 features, the rows given 11/,
    );
    const spec = JSON.parse(await readFile(modelPath, 'utf8'));
    delete spec.intercept;
    await assert.rejects(
      engine.explain({ ...request, model: spec }),
      /the model has no "intercept"/,
    );
    await assert.rejects(
      engine.explain({ ...request, method: 'linear' }),
      /method "linear" needs a linear model/,
    );
  },
);

test(
  'the distilled core reads the parsed model, its numbers and names checked as in a file',
  { skip: noCore('distilled') },
  async () => {
    const core = await loadCore(cores.distilled);
    const row = new Float32Array(rows[0]);
    assert.throws(() => core.distilledPredict(row, 0), /no distilled model is loaded/);
    const spec = JSON.parse(await readFile(modelPath, 'utf8'));
    core.distilledLoad(spec);
    const margin = core.distilledPredict(row, 0)[0];
    core.distilledLoad({ ...spec, intercept: spec.intercept + 1 });
    assert.ok(Math.abs(core.distilledPredict(row, 0)[0] - (margin + 1)) <= 1e-5);
    const [feature] = spec.terms[0].features;
    const refused = [
      [(s) => (s.terms[0].scores[3] = 'x'), /model: term 0 score 3 must be a number, got "x"/],
      [(s) => (s.terms[0].scores[3] = Infinity), /term 0 score 3 must be finite/],
      [(s) => s.terms[0].scores.pop(), /term 0 "scores" must hold \d+ numbers/],
      [(s) => s.terms[0].cuts[0].reverse(), new RegExp(`cuts of "${feature}" must be strictly`)],
      [(s) => (s.terms[0].cuts[0][0] = null), /cuts of "\w+" must be a number, got null/],
      [(s) => (s.terms[0].features = ['nope']), /names feature "nope", which is not in/],
      [(s) => delete s.terms[0].cuts, /term 0 has no "cuts"/],
      [(s) => (s.terms[0] = 7), /term 0 must be an object/],
      [(s) => (s.terms = {}), /"terms" must be an array/],
      [(s) => (s.version = 2), /"version" 2 is not supported/],
      [(s) => (s.family = 'tree'), /family "tree" is not an additive model/],
    ];
    for (const [change, message] of refused) {
      const copy = structuredClone(spec);
      change(copy);
      assert.throws(() => core.distilledLoad(copy), message);
      // A model that fails to read leaves none loaded, not the last one.
      assert.throws(() => core.distilledPredict(row, 0), /no distilled model is loaded/);
    }
  },
);

test(
  'an engine switching between distilled models predicts with each',
  { skip: noCore('distilled') },
  async () => {
    const spec = JSON.parse(await readFile(modelPath, 'utf8'));
    const shifted = { ...spec, intercept: spec.intercept + 1 };
    const predict = async (model) =>
      (await engines.distilled.predict({ model, rows: explained }))[0];
    const margin = await predict(spec);
    for (let round = 0; round < 2; round++) {
      assert.ok(Math.abs((await predict(shifted)) - (margin + 1)) <= 1e-5);
      assert.equal(await predict(spec), margin);
    }
  },
);
