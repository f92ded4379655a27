// A distilled item-to-item history model (`whyrec distill-history`'s JSON) in the JS API: recognised
// by content, explained by its own terms and ranked by the widget's small distilled core and by the
// full core, with the values of an evaluator written from the README's formula, the CLI's
// explain-history output (1e-12), top picks that are the brute-force ranking, and clear errors for
// what it cannot answer.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { loadCore } from '../../web/core.mjs';
import { itemToItemArrays } from '../../web/history/item-to-item-arrays.mjs';
import { resolveModel } from '../../web/models.mjs';
import { root, run } from './demo-cli.mjs';
import { itemToItemEvaluator } from './item-to-item-evaluator.mjs';
import { cores, engines, noCli, noCore } from './distilled-cores.mjs';
import { makeTempDir } from './temp-dir.mjs';

const movielens = join(root, 'examples/movielens/');
const modelPath = join(movielens, 'sasrec_distilled.json');
const spec = JSON.parse(await readFile(modelPath, 'utf8'));
const histories = (await readFile(join(movielens, 'histories.csv'), 'utf8'))
  .trim()
  .split('\n')
  .map((line) => line.split(',').map(Number));

const evaluate = itemToItemEvaluator(spec);

// The CLI's explain-history JSON of `some` histories (written to a temporary CSV), with `flags`.
async function cliExplainHistory(t, some, flags = []) {
  const dir = await makeTempDir('whyrec-distilled-history-', t);
  const csv = join(dir, 'histories.csv');
  await writeFile(csv, some.map((h) => h.join(',')).join('\n') + '\n');
  const out = join(dir, 'native.json');
  const args = ['explain-history', '--model', modelPath, '--histories', csv, ...flags];
  const cli = await run([...args, '--out', out]);
  assert.equal(cli.code, 0, cli.stderr);
  return JSON.parse(await readFile(out, 'utf8'));
}

function assertClose(actual, expected, tolerance, what) {
  assert.equal(actual.length, expected.length, what);
  actual.forEach((v, i) =>
    assert.ok(Math.abs(v - expected[i]) <= tolerance, `${what}[${i}]: ${v} vs ${expected[i]}`),
  );
}

// `top` ({ items, scores }) is the evaluator's brute-force top `k` after `history`.
function assertRanking(top, history, k, what) {
  const expected = evaluate.ranking(history).slice(0, k);
  assert.deepEqual(
    top.items,
    expected.map(([, item]) => item),
    what,
  );
  assertClose(
    top.scores,
    expected.map(([score]) => score),
    1e-9,
    `${what} scores`,
  );
}

test('a distilled history model is recognised by its content: object, text, path, gzip', async () => {
  const text = await readFile(modelPath, 'utf8');
  for (const model of [spec, text, modelPath, gzipSync(text)]) {
    const resolved = await resolveModel(model);
    assert.equal(resolved.kind, 'distilled-history');
    assert.equal(resolved.spec.decay, spec.decay);
  }
});

for (const core of ['distilled', 'full']) {
  test(
    `${core} core: the explanation is the model's terms, the target its top pick`,
    {
      skip: noCore(core),
    },
    async () => {
      for (const history of histories.slice(0, 12)) {
        const [[, top]] = evaluate.ranking(history);
        const e = await engines[core].explainHistory({ model: modelPath, history });
        assert.equal(e.method, 'item_to_item');
        assert.deepEqual(e.target, [top]);
        assert.deepEqual(e.history, [history]);
        assertClose(e.values[0], evaluate.terms(history, top), 1e-9, 'values');
        assert.ok(Math.abs(e.base_value[0] - evaluate.bias(top)) <= 1e-12);
        assert.ok(Math.abs(e.model_output[0] - evaluate.score(history, top)) <= 1e-9);
        // Efficiency, exactly as the model adds its terms.
        const sum = e.values[0].reduce((s, v) => s + v, e.base_value[0]);
        assert.ok(Math.abs(sum - e.model_output[0]) <= 1e-12 * Math.max(1, Math.abs(sum)));
        assert.deepEqual(e.std_errors[0], new Array(history.length).fill(0));
      }
      // A chosen target, names per item (one used twice is told apart).
      const history = histories[3].slice(-3);
      const e = await engines[core].explainHistory({
        model: spec,
        history,
        target: 50,
        itemNames: ['Heat', '<b>Ronin</b>', 'Heat'],
      });
      assert.deepEqual(e.target, [50]);
      assertClose(e.values[0], evaluate.terms(history, 50), 1e-9, 'values for target 50');
      assert.equal(e.feature_names[0][1], '<b>Ronin</b>');
      assert.notEqual(e.feature_names[0][0], e.feature_names[0][2]);
    },
  );

  test(
    `${core} core: recommend is the brute-force ranking of every stored target`,
    {
      skip: noCore(core),
    },
    async () => {
      const some = histories.slice(20, 26);
      const lists = await engines[core].recommend({ model: modelPath, histories: some, k: 10 });
      lists.forEach((top, i) => assertRanking(top, some[i], 10, `history ${i}`));
    },
  );
}

test(
  'the WebAssembly cores give the CLI explain-history values (1e-12)',
  {
    skip: noCore('distilled') || noCli,
  },
  async (t) => {
    const some = histories.slice(0, 30);
    const native = await cliExplainHistory(t, some);
    for (const [i, history] of some.entries()) {
      for (const core of ['distilled', 'full']) {
        const e = await engines[core].explainHistory({ model: modelPath, history });
        assert.deepEqual(e.target, [native.target[i]], `${core}, history ${i}`);
        assert.deepEqual(e.feature_names[0], native.feature_names[i]);
        assertClose(e.values[0], native.values[i], 1e-12, `${core}, history ${i}`);
        assert.equal(e.base_value[0], native.base_value[i]);
        assert.ok(Math.abs(e.model_output[0] - native.model_output[i]) <= 1e-12);
      }
    }
  },
);

test(
  'what a distilled history model cannot answer is a clear error',
  {
    skip: noCore('distilled'),
  },
  async () => {
    const engine = engines.distilled;
    const history = histories[0].slice(-5);
    const cases = [
      [
        { method: 'kernel' },
        /method "kernel": a distilled history model is explained by its own terms/,
      ],
      [{ groups: history.map(() => 'a') }, /groups does not apply to a distilled history model/],
      [{ output: 'log_prob' }, /output does not apply/],
      [{ settings: { budget: 10 } }, /settings \(budget, seed, steps\) does not apply/],
      [{ target: 1.5 }, /target must be a non-negative integer item id/],
      [{ history: [3, -1] }, /`history` item 1 must be a non-negative integer item id, got -1/],
      [{ itemNames: ['one'] }, /`itemNames` must be an array of 5 strings/],
    ];
    for (const [change, message] of cases) {
      await assert.rejects(
        engine.explainHistory({ model: modelPath, history, ...change }),
        message,
        JSON.stringify(change),
      );
    }
    await assert.rejects(
      engine.historyCurves({ model: modelPath, history, values: history.map(() => 1) }),
      /historyCurves evaluates ONNX history models/,
    );
    await assert.rejects(
      engine.explain({ model: modelPath, instances: [[1]], background: [[0]] }),
      /use explainHistory for this model/,
    );
    await assert.rejects(
      engine.recommend({ model: modelPath, histories: [history], k: 0 }),
      /`k` must be an integer >= 1, got 0/,
    );
    // A damaged model names the field; a feature model is not a history model.
    await assert.rejects(
      engine.explainHistory({ model: { ...spec, decay: 2 }, history }),
      /the item-to-item model: decay 2\.0+ is outside \[0, 1\]/,
    );
    await assert.rejects(
      engine.explainHistory({ model: join(root, 'examples/demo/ctr_mlp_distilled.json'), history }),
      /a history model is an ONNX file or a distilled item-to-item model .*; this one is a distilled additive model of features/,
    );
  },
);

test(
  "the WebAssembly cores find the CLI's counterfactuals, which the evaluator confirms",
  {
    skip: noCore('distilled') || noCli,
  },
  async (t) => {
    const some = histories.slice(0, 8);
    const native = await cliExplainHistory(t, some, ['--method', 'counterfactual']);
    assert.ok(native.found.filter(Boolean).length >= 6, 'most of these histories have one');
    for (const [i, history] of some.entries()) {
      const [[, top]] = evaluate.ranking(history);
      assert.equal(native.target[i], top);
      for (const core of ['distilled', 'full']) {
        const e = await engines[core].explainHistory({
          model: modelPath,
          history,
          method: 'counterfactual',
        });
        const what = `${core}, history ${i}`;
        for (const field of ['found', 'edited_positions', 'counterfactual_history', 'minimal']) {
          assert.deepEqual(e[field], [native[field][i]], `${what}: ${field}`);
        }
        assert.deepEqual(e.top_k_after, [native.top_k_after[i]], what);
        if (!e.found[0]) continue;
        // Without the removed items another item is the top pick, by the independent evaluator;
        // when two or more were removed, no single one of them would have done.
        const edited = e.counterfactual_history[0];
        const [[, after]] = evaluate.ranking(edited);
        assert.notEqual(after, top, what);
        assert.equal(after, e.top_k_after[0][0], what);
        const positions = e.edited_positions[0];
        if (positions.length < 2) continue;
        for (const p of positions) {
          const one = history.filter((_, q) => q !== p);
          assert.equal(evaluate.ranking(one)[0][1], top, `${what}: removing ${p} alone`);
        }
      }
    }
  },
);

test(
  "a distilled history model's counterfactual refuses what it cannot search",
  {
    skip: noCore('distilled'),
  },
  async () => {
    const history = histories[0].slice(-5);
    const base = { model: modelPath, history, method: 'counterfactual' };
    const cases = [
      [{ counterfactual: 'add', candidates: [1] }, /counterfactual 'add' does not apply/],
      [{ output: 'log_prob' }, /output does not apply to a distilled history model's counterf/],
      [{ settings: { pad_id: 7 } }, /setting 'pad_id' does not apply/],
      [{ k: 0 }, /setting 'k' must be an integer >= 1, got 0/],
    ];
    for (const [change, message] of cases) {
      await assert.rejects(
        engines.distilled.explainHistory({ ...base, ...change }),
        message,
        JSON.stringify(change),
      );
    }
    const [, second] = evaluate.ranking(history);
    await assert.rejects(
      engines.distilled.explainHistory({ ...base, target: second[1] }),
      new RegExp(`the target item ${second[1]} is not in the top 1 of the whole history`),
    );
  },
);

// The model crosses into the core as the document JS parsed, its numbers in typed arrays: its
// shape and types are checked in JS, its values in the core, with the messages a file gets.
test(
  'the distilled core reads the parsed item-to-item model, checked as a file is',
  { skip: noCore('distilled') },
  async () => {
    const core = await loadCore(cores.distilled);
    const history = histories[0].slice(-5);
    core.itemToItemLoad(itemToItemArrays(spec));
    assertRanking(JSON.parse(core.itemToItemTop(history, 3)), history, 3, 'top picks');
    const refused = [
      [(s) => (s.decay = 1.5), /the item-to-item model: decay 1.500000 is outside \[0, 1\]$/],
      [(s) => (s.decay = '0.5'), /: decay must be a number, got "0.5"$/],
      [(s) => delete s.default_bias, /: the model has no "default_bias"$/],
      [(s) => (s.rank = 1.5), /: rank is not a non-negative integer$/],
      [(s) => (s.family = 'ga2m'), /: not a whyrec-distilled model of family item_to_item$/],
      [(s) => (s.targets[3].item = -2), /: targets\[3\]\.item is not a non-negative integer/],
      [(s) => (s.targets[3].bias = null), /: targets\[3\]\.bias must be a number, got null$/],
      [(s) => (s.targets[3].bias = Infinity), /: targets\[3\]\.bias must be finite$/],
      [(s) => (s.targets[3].v[2] = NaN), /: targets\[3\]\.v\[2\] must be finite$/],
      [(s) => s.targets[3].v.pop(), /: targets\[3\]\.v is not an array of rank \(8\) numbers$/],
      [(s) => (s.targets[4].item = s.targets[3].item), /: targets\[4\]: target item \d+ is listed/],
      [
        (s) => Object.assign(s.targets[0], { sources: [5, 2], weights: [1, 1] }),
        /: targets\[0\]\.sources are not strictly ascending at \[1\]$/,
      ],
      [(s) => (s.targets[0].weights = [1]), /: targets\[0\]: sources and weights are not arrays/],
      [(s) => (s.source_factors[1].u[0] = '1'), /: source_factors\[1\]\.u\[0\] must be a number/],
      [(s) => (s.targets = {}), /: targets is not an array$/],
    ];
    for (const [change, message] of refused) {
      const copy = structuredClone(spec);
      change(copy);
      assert.throws(() => core.itemToItemLoad(itemToItemArrays(copy)), message, `${change}`);
      // A model that fails to read leaves none loaded, not the last one.
      assert.throws(() => core.itemToItemTop(history, 3), /no item-to-item model is loaded/);
    }
  },
);
