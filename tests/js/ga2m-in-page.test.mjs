// The widget's in-page closed form for distilled GA2Ms (web/distilled/ga2m-shapley.mjs,
// web/widget/distilled-in-page.mjs): the same explanation as the WebAssembly core's, to the bit,
// on the demo models (the recipe's 66 pair terms and the search's pick, which the storefront
// explains) and on small models with a pair, missing values and both
// links; it reads exactly the documents the core reads (each refused one is refused by the core,
// each read one is read by it); and it leaves to the JS API every request it does not answer.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCore } from '../../web/core.mjs';
import { ga2mExplanation, readGa2m } from '../../web/distilled/ga2m-shapley.mjs';
import { toMatrix } from '../../web/inputs.mjs';
import { explainInPage } from '../../web/widget/distilled-in-page.mjs';
import { demo, demoRows } from './demo-cli.mjs';
import { cores, engines, noCore } from './distilled-cores.mjs';

const spec = JSON.parse(await readFile(join(demo, 'ctr_mlp_distilled.json'), 'utf8'));
const { names, rows, background } = await demoRows();
const skip = noCore('distilled');

// Rows that reach every kind of bin: the data's, missing values, values on and beyond the cuts.
function testRows() {
  const cut = spec.terms[0].cuts[0];
  const edges = names.map((_, j) => (j % 3 === 0 ? cut[0] : j % 3 === 1 ? 1e30 : -1e30));
  const missing = rows[1].map((v, j) => (j % 2 ? null : v));
  return [...rows.slice(0, 20), edges, missing, names.map(() => NaN)];
}

function inPage(model, instances, bg = background, featureNames = model.feature_names) {
  return ga2mExplanation(
    readGa2m(model),
    toMatrix(instances, featureNames, 'instance'),
    toMatrix(bg, featureNames, 'background'),
  );
}

for (const file of ['ctr_mlp_distilled.json', 'ctr_mlp_picked.json']) {
  test(`the demo model ${file}: the core explanation, to the bit`, { skip }, async () => {
    const model = JSON.parse(await readFile(join(demo, file), 'utf8'));
    const instances = testRows();
    const core = await engines.distilled.explain({ model, instances, background });
    assert.deepStrictEqual(inPage(model, instances), core);
  });
}

// A model of two features: a main term each and a 2 × 3-cut pair table (bins: missing + cuts + 1).
function pairModel(link) {
  const scores = Array.from({ length: 4 * 5 }, (_, i) => ((i * 7) % 11) / 3 - 1.5);
  return {
    format: 'whyrec-distilled',
    version: 1,
    link,
    feature_names: ['a', 'b'],
    intercept: 0.25,
    terms: [
      { features: ['a'], cuts: [[0.1, 0.3]], scores: [0.5, -1, 0.2, 2] },
      { features: ['b'], cuts: [[]], scores: [3, -0.5] },
      {
        features: ['b', 'a'],
        cuts: [
          [-1, 0, 1],
          [0.1, 0.3],
        ],
        scores,
      },
    ],
  };
}

for (const link of ['logit', 'identity']) {
  test(
    `a pair term, missing values, ${link} link: the core's values, to the bit`,
    { skip },
    async () => {
      const model = pairModel(link);
      const grid = [NaN, -2, -1, 0.1, 0.2, 0.3, 1, 5];
      const instances = grid.flatMap((a) => grid.map((b) => [a, b]));
      const bg = [
        [0.1, -1],
        [NaN, 0.5],
        [0.35, 2],
        [0.2, NaN],
        [-3, 0],
      ];
      const core = await engines.distilled.explain({ model, instances, background: bg });
      const explanation = inPage(model, instances, bg);
      assert.deepStrictEqual(explanation, core);
      assert.equal(explanation.output, link === 'logit' ? 'margin' : 'prediction');
      // Efficiency: each row's values sum to its margin less the background's mean margin.
      explanation.values.forEach((values, r) => {
        const gap = explanation.model_output[r] - explanation.base_value;
        assert.ok(Math.abs(values.reduce((s, v) => s + v, 0) - gap) < 1e-12, `row ${r}`);
      });
    },
  );
}

test('each background gets its own expectations, one after another', { skip }, async () => {
  const model = readGa2m(spec);
  const instances = toMatrix(rows.slice(0, 3), names, 'instance');
  const halves = [background.slice(0, 50), background.slice(50), background.slice(0, 50)];
  for (const [k, half] of halves.entries()) {
    const core = await engines.distilled.explain({
      model: spec,
      instances: rows.slice(0, 3),
      background: half,
    });
    const bg = toMatrix(half, names, 'background');
    assert.deepStrictEqual(ga2mExplanation(model, instances, bg), core, `background ${k}`);
  }
});

// A request as a widget makes it, with no method or output attribute.
const plainRequest = {
  instance: rows[0],
  background,
  featureNames: names,
  method: null,
  output: null,
};

test('a fixed background is converted once, and still explains each instance exactly', () => {
  const model = readGa2m(spec);
  const request = { ...plainRequest, fixedBackground: true };
  const first = explainInPage(model, request);
  assert.deepStrictEqual(first, inPage(spec, [rows[0]]));
  // Other instances on the same rows, one by one, as a page's widgets ask: each its own values.
  for (const instance of rows.slice(1, 6)) {
    assert.deepStrictEqual(
      explainInPage(model, { ...request, instance }),
      inPage(spec, [instance]),
    );
  }
  // The same rows for a model of another width are checked for that model, not taken from the
  // first model's copy.
  const narrow = readGa2m(pairModel('identity'));
  assert.throws(
    () => explainInPage(narrow, { ...request, featureNames: undefined, instance: [0.2, 0.5] }),
    /background row 0 has 12 values, but there are 2 features/,
  );
});

// Each document is one change to a valid model; the core must refuse those readGa2m refuses and
// read the others.
function variants() {
  const base = pairModel('logit');
  const copy = () => structuredClone(base);
  const edit = (change) => {
    const model = copy();
    change(model);
    return model;
  };
  return {
    valid: base,
    'no family (a GA2M)': edit((m) => delete m.family),
    'family ga2m': edit((m) => (m.family = 'ga2m')),
    'family null': edit((m) => (m.family = null)),
    'family tree': edit((m) => (m.family = 'tree')),
    'version 2': edit((m) => (m.version = 2)),
    'version "1"': edit((m) => (m.version = '1')),
    'no version': edit((m) => delete m.version),
    'format other': edit((m) => (m.format = 'whyrec')),
    'link probit': edit((m) => (m.link = 'probit')),
    'no link': edit((m) => delete m.link),
    'feature_names empty': edit((m) => (m.feature_names = [])),
    'feature_names repeated': edit((m) => (m.feature_names = ['a', 'a'])),
    'feature_names not strings': edit((m) => (m.feature_names = ['a', 2])),
    'intercept a string': edit((m) => (m.intercept = '0.25')),
    'no intercept': edit((m) => delete m.intercept),
    'terms not an array': edit((m) => (m.terms = {})),
    'no terms': edit((m) => delete m.terms),
    'no terms at all (a constant)': edit((m) => (m.terms = [])),
    'a term not an object': edit((m) => (m.terms[0] = [])),
    'a term of no feature': edit((m) => (m.terms[0].features = [])),
    'a term of three features': edit((m) => (m.terms[2].features = ['a', 'b', 'a'])),
    'a term of an unknown feature': edit((m) => (m.terms[0].features = ['c'])),
    'a feature named by number': edit((m) => (m.terms[0].features = [0])),
    'a pair of one feature twice': edit((m) => (m.terms[2].features = ['a', 'a'])),
    'cuts missing for a feature': edit((m) => m.terms[2].cuts.pop()),
    'cuts not numbers': edit((m) => (m.terms[0].cuts[0] = [0.1, '0.3'])),
    'cuts descending': edit((m) => (m.terms[0].cuts[0] = [0.3, 0.1])),
    'cuts equal': edit((m) => (m.terms[0].cuts[0] = [0.1, 0.1])),
    'cuts equal in float32': edit((m) => (m.terms[0].cuts[0] = [0.1, 0.1 + 1e-12])),
    'a cut beyond float32': edit((m) => (m.terms[0].cuts[0] = [0.1, 1e39])),
    'a score short': edit((m) => m.terms[0].scores.pop()),
    'a score more': edit((m) => m.terms[1].scores.push(1)),
    'a score not a number': edit((m) => (m.terms[1].scores[0] = true)),
    'a score null': edit((m) => (m.terms[2].scores[3] = null)),
    'scores not an array': edit((m) => (m.terms[1].scores = 3)),
    'extra keys': edit((m) => {
      m.note = 'kept';
      m.terms[0].importance = 1;
    }),
  };
}

test('reads exactly the documents the core reads', { skip }, async () => {
  const core = await loadCore(cores.distilled);
  for (const [name, model] of Object.entries(variants())) {
    let coreReads = true;
    try {
      core.distilledLoad(model);
    } catch {
      coreReads = false;
    }
    assert.equal(readGa2m(model) !== null, coreReads, `${name}: core reads it: ${coreReads}`);
  }
  // Not documents at all.
  for (const value of [null, [], 'text', 3]) assert.equal(readGa2m(value), null);
});

test('requests the closed form does not answer are left to the JS API', () => {
  const model = readGa2m(spec);
  const request = plainRequest;
  assert.ok(explainInPage(model, request), 'the plain request is answered');
  for (const [name, change] of [
    ['another method', { method: 'kernel' }],
    ['the probability', { output: 'prob' }],
    ['other names', { featureNames: names.toReversed() }],
    ['fewer names', { featureNames: names.slice(1) }],
    ['no background', { background: [] }],
  ]) {
    assert.equal(explainInPage(model, { ...request, ...change }), null, name);
  }
  for (const method of ['auto', 'additive'])
    assert.ok(explainInPage(model, { ...request, method }));
  assert.ok(explainInPage(model, { ...request, output: 'margin', featureNames: undefined }));
  // Bad rows get the JS API's own errors.
  assert.throws(
    () => explainInPage(model, { ...request, instance: rows[0].slice(1) }),
    /instance row 0 has 11 values, but there are 12 features/,
  );
});
