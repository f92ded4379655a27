// The widget's in-page item-to-item history model (web/distilled/item-to-item.mjs): the same top
// picks, scores and explanations as the WebAssembly core's, to the bit, on the MovieLens demo model
// (rank-8 factors) and on seeded variants with sparse pairs, targets without factors, decays 0
// and 1, and ties; it reads exactly the documents the JS API reads (each refused one is refused
// by the core, each read one is read by it).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCore } from '../../web/core.mjs';
import {
  itemToItemExplanation,
  itemToItemTop,
  readItemToItem,
} from '../../web/distilled/item-to-item.mjs';
import { itemToItemArrays } from '../../web/history/item-to-item-arrays.mjs';
import { root } from './demo-cli.mjs';
import { cores, noCore } from './distilled-cores.mjs';
import { seededRandom } from './seeded-random.mjs';

const movielens = join(root, 'examples/movielens/');
const spec = JSON.parse(await readFile(join(movielens, 'sasrec_distilled.json'), 'utf8'));
const histories = (await readFile(join(movielens, 'histories.csv'), 'utf8'))
  .trim()
  .split('\n')
  .map((line) => line.split(',').map(Number));
const skip = noCore('distilled');
const core = skip ? null : await loadCore(cores.distilled);

// The demo model with sparse pairs added (every third target, sources drawn from the histories'
// items), some targets' factors removed, and `changes` applied.
function variant(seed, changes = {}) {
  const random = seededRandom(seed);
  const items = [...new Set(histories.flat())];
  const targets = spec.targets.map((target, i) => {
    const out = { ...target };
    if (i % 3 === 0) {
      const sources = [...new Set(items.filter(() => random() < 0.02))].sort((a, b) => a - b);
      out.sources = sources;
      out.weights = sources.map(() => Math.round((random() - 0.4) * 1e6) / 1e6);
    }
    if (i % 7 === 0) delete out.v;
    return out;
  });
  return { ...spec, targets, ...changes };
}

// Targets 1 and 2 given the same bias, factors and pairs, so that they tie after every history.
function withTies() {
  const [first, second, ...rest] = spec.targets;
  return { ...spec, targets: [first, { ...first, item: second.item }, ...rest] };
}

const models = {
  'the demo model': spec,
  'sparse pairs, targets without factors': variant(1),
  'decay 0 (the last item alone)': variant(2, { decay: 0 }),
  'decay 1': variant(3, { decay: 1 }),
  'sparse pairs only (rank 0)': {
    ...variant(4, { rank: 0, source_factors: [] }),
    targets: variant(4).targets.map(({ v, ...target }) => target),
  },
  'two targets that tie': withTies(),
};

const coreJson = (text) => JSON.parse(text);

for (const [name, model] of Object.entries(models)) {
  test(`${name}: the core's top picks and explanations, to the bit`, { skip }, () => {
    core.itemToItemLoad(itemToItemArrays(model));
    const read = readItemToItem(model);
    assert.ok(read, 'read in the page');
    const some = histories.filter((_, i) => i % 9 === 0);
    for (const [i, history] of some.entries()) {
      for (const k of [1, 6, 10, 2500]) {
        assert.deepStrictEqual(
          itemToItemTop(read, history, k),
          coreJson(core.itemToItemTop(history, k)),
          `history ${i}, k ${k}`,
        );
      }
      // The top pick, a stored target, one the history holds and one the model does not store.
      for (const target of [undefined, model.targets[5].item, history[0], 99999]) {
        assert.deepStrictEqual(
          itemToItemExplanation(read, history, target),
          coreJson(core.itemToItemExplain(history, target, undefined)),
          `history ${i}, target ${target}`,
        );
      }
    }
    // Names per item, one used three times and one that looks like a told-apart name.
    const history = histories[3].slice(-5);
    const names = ['Heat', '<b>Ronin</b>', 'Heat', 'Heat (2)', 'Heat'];
    assert.deepStrictEqual(
      itemToItemExplanation(read, history, undefined, names),
      coreJson(core.itemToItemExplain(history, undefined, names)),
    );
  });
}

test('the tie is broken by the smaller id, as the core does', { skip }, () => {
  const model = withTies();
  const read = readItemToItem(model);
  const [a, b] = model.targets.map((t) => t.item);
  const history = histories.find((h) => !h.includes(a) && !h.includes(b));
  const all = itemToItemTop(read, history, 2500);
  const at = all.items.indexOf(a);
  assert.equal(all.items[at + 1], b);
  assert.equal(all.scores[at], all.scores[at + 1]);
});

test('explanations add up and rank as the model does', { skip }, () => {
  const read = readItemToItem(variant(5));
  for (const history of histories.slice(0, 40)) {
    const e = itemToItemExplanation(read, history);
    const [top] = itemToItemTop(read, history, 1).items;
    assert.equal(e.target[0], top);
    const sum = e.values[0].reduce((s, v) => s + v, e.base_value[0]);
    assert.equal(sum, e.model_output[0], 'the terms add up to the score in history order');
    assert.ok(!history.includes(top));
  }
});

test('errors the core gives: names of the wrong length, a history that holds every target', () => {
  const small = {
    ...spec,
    targets: spec.targets.slice(0, 2),
    source_factors: spec.source_factors.slice(0, 2),
  };
  const read = readItemToItem(small);
  const held = small.targets.map((t) => t.item);
  assert.throws(
    () => itemToItemExplanation(read, held),
    /the model stores no target outside the history/,
  );
  assert.deepStrictEqual(itemToItemTop(read, held, 3), { items: [], scores: [] });
  assert.throws(
    () => itemToItemExplanation(read, [1, 2], 5, ['one']),
    /item_names has 1 names for a history of 2 items/,
  );
  assert.throws(() => itemToItemTop(read, [1], 0), /k must be at least 1, got 0/);
});

// Documents that differ from the demo model by one thing.
function documents() {
  const edit = (change) => {
    const model = structuredClone(variant(6));
    change(model);
    return model;
  };
  return {
    'as written': spec,
    'decay 2': { ...spec, decay: 2 },
    'decay below 0': { ...spec, decay: -0.1 },
    'an infinite default bias': { ...spec, default_bias: Infinity },
    'a NaN bias': edit((m) => (m.targets[4].bias = NaN)),
    'an infinite weight': edit((m) => (m.targets[0].weights[0] = -Infinity)),
    'an infinite factor': edit((m) => (m.source_factors[2].u[3] = Infinity)),
    'sources not ascending': edit((m) => m.targets[0].sources.reverse()),
    'a source twice': edit((m) => (m.targets[0].sources[1] = m.targets[0].sources[0])),
    'a target twice': edit((m) => (m.targets[9].item = m.targets[8].item)),
    'source factors twice': edit((m) => (m.source_factors[1].item = m.source_factors[0].item)),
    'factors of the wrong rank': edit((m) => m.targets[1].v.pop()),
    'a negative rank': { ...spec, rank: -1 },
    'weights missing': edit((m) => m.targets[0].weights.pop()),
    'another family': { ...spec, family: 'ga2m' },
    'an item id that is not an integer': edit((m) => (m.targets[2].item = 2.5)),
    'an item id past 2^53': edit((m) => (m.source_factors[3].item = 2 ** 53 + 2)),
    'an item id of 2^53': edit((m) => (m.targets[3].item = 2 ** 53)),
    'extra keys': { ...spec, note: 'kept' },
  };
}

test('reads exactly the documents the JS API reads', { skip }, () => {
  for (const [name, model] of Object.entries(documents())) {
    let apiReads = true;
    try {
      core.itemToItemLoad(itemToItemArrays(model));
    } catch {
      apiReads = false;
    }
    assert.equal(
      readItemToItem(model) !== null,
      apiReads,
      `${name}: the API reads it: ${apiReads}`,
    );
  }
  for (const value of [null, [], 'text', 3]) assert.equal(readItemToItem(value), null);
});
