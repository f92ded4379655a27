// The JS parsers fuzzed with seeded mutations of real inputs (bytes flipped, ranges deleted,
// repeated or replaced by random bytes, truncation): the ONNX tree reader (web/onnx-trees.mjs)
// and what it hands the core, XGBoost JSON into the core, the widget's numeric CSV reader, and the
// distilled item-to-item model as JS hands it to the core (web/history/item-to-item-arrays.mjs),
// the widget's titles (items CSV) and history attributes,
// and the widget's own readers of distilled GA2Ms (web/distilled/ga2m-shapley.mjs) and
// item-to-item models (web/distilled/item-to-item.mjs), which must read exactly what the core
// reads and then answer as it does.
// Each input either parses or is refused with a plain Error that says why; a TypeError or
// RangeError would be a crash of our own code, and a hang would time the test out.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { loadCore } from '../../web/core.mjs';
import { ga2mExplanation, readGa2m } from '../../web/distilled/ga2m-shapley.mjs';
import {
  itemToItemExplanation,
  itemToItemTop,
  readItemToItem,
} from '../../web/distilled/item-to-item.mjs';
import { createEngine } from '../../web/engine.mjs';
import { fromArrays } from '../../web/explanation-arrays.mjs';
import { toMatrix } from '../../web/inputs.mjs';
import { itemToItemArrays } from '../../web/history/item-to-item-arrays.mjs';
import { onnxTreeEnsemble } from '../../web/onnx-trees.mjs';
import { parseIds } from '../../web/widget/history-mode.mjs';
import { parseItemsCsv } from '../../web/widget/items-csv.mjs';
import { nonBlankLines, parseNumericCsv, splitLine } from '../../web/widget/numeric-csv.mjs';
import { seededRandom } from './seeded-random.mjs';

const trees = new URL('../../examples/trees/', import.meta.url);
const demo = new URL('../../examples/demo/', import.meta.url);
const movielens = new URL('../../examples/movielens/', import.meta.url);
const rounds = 300;

/** `count` mutants of `input` (a Uint8Array), each from 1 to 4 mutations. */
function* mutants(input, count, seed) {
  const random = seededRandom(seed);
  const below = (n) => Math.floor(random() * n);
  for (let m = 0; m < count; m++) {
    let bytes = input;
    for (let edits = 1 + below(4); edits > 0; edits--) {
      const at = below(bytes.length + 1);
      const span = 1 + below(Math.min(64, bytes.length + 1));
      const noise = Uint8Array.from({ length: span }, () => below(256));
      const parts = [
        () => [
          bytes.subarray(0, at),
          Uint8Array.of(bytes[at] ^ (1 << below(8))),
          bytes.subarray(at + 1),
        ],
        () => [bytes.subarray(0, at), bytes.subarray(at + span)],
        () => [bytes.subarray(0, at + span), bytes.subarray(at)],
        () => [bytes.subarray(0, at), noise, bytes.subarray(at + span)],
        () => [bytes.subarray(0, at)],
      ][below(5)]();
      const next = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      parts.reduce((offset, p) => (next.set(p, offset), offset + p.length), 0);
      bytes = next;
    }
    yield bytes;
  }
}

// Runs `parse`; a refusal must be a plain Error with a message.
async function parsesOrRefuses(parse, what) {
  try {
    return await parse();
  } catch (error) {
    assert.equal(error?.constructor, Error, `${what}: ${error?.stack ?? error}`);
    assert.ok(error.message.length > 0, `${what}: an empty message`);
    return undefined;
  }
}

const names = (n) => Array.from({ length: n }, (_, j) => `f${j}`);

test('ONNX tree ensembles: the reader and the core refuse damaged files cleanly', async () => {
  const core = await loadCore();
  let parsed = 0;
  for (const [i, file] of [
    'binary_classifier.onnx',
    'multiclass_trees.onnx',
    'branch_modes_trees.onnx',
  ].entries()) {
    const original = new Uint8Array(await readFile(new URL(file, trees)));
    for (const bytes of mutants(original, rounds, i + 1)) {
      const found = await parsesOrRefuses(() => onnxTreeEnsemble(bytes), file);
      if (!found?.width) continue;
      const config = JSON.stringify({ feature_names: names(found.width) });
      const background = new Float32Array(found.width);
      await parsesOrRefuses(() => {
        const explainer = core.createOnnxTreeExplainer(found.attributes, config, background);
        const result = JSON.parse(explainer.explainJson(background));
        explainer.delete();
        assert.ok(Array.isArray(result.values), `${file}: values`);
        parsed++;
      }, `${file} in the core`);
    }
  }
  assert.ok(parsed > 0, 'some mutants still explain');
});

// Structure-aware: the decoded attributes of a real file with an entry of an array replaced (by an
// index out of range, a negative, a fraction, null (how the reader writes NaN and infinities) or
// another entry) or the array cut short.
function* attributeMutants(attributes, count, seed) {
  const random = seededRandom(seed);
  const below = (n) => Math.floor(random() * n);
  const original = JSON.parse(attributes);
  const arrays = ['ints', 'floats'].flatMap((kind) =>
    Object.keys(original[kind]).map((name) => [kind, name]),
  );
  const odd = [-1, 2 ** 31, 1e300, -0.5, null, 0];
  for (let m = 0; m < count; m++) {
    const json = JSON.parse(attributes);
    const [kind, name] = arrays[below(arrays.length)];
    const values = json[kind][name];
    if (values.length === 0 || random() < 0.2) {
      json[kind][name] = values.slice(0, below(values.length + 1));
    } else {
      const at = below(values.length);
      values[at] = random() < 0.5 ? values[below(values.length)] : odd[below(odd.length)];
    }
    yield JSON.stringify(json);
  }
}

test('ONNX tree ensembles: the core refuses broken node attributes cleanly', async () => {
  const core = await loadCore();
  for (const [i, file] of ['binary_classifier.onnx', 'branch_modes_trees.onnx'].entries()) {
    const { attributes, width } = await onnxTreeEnsemble(await readFile(new URL(file, trees)));
    const config = JSON.stringify({ feature_names: names(width) });
    const background = new Float32Array(width);
    for (const mutant of attributeMutants(attributes, rounds, 20 + i)) {
      await parsesOrRefuses(
        () => {
          const explainer = core.createOnnxTreeExplainer(mutant, config, background);
          explainer.explainJson(background);
          explainer.delete();
        },
        `${file}: ${mutant.slice(0, 200)}`,
      );
    }
  }
});

test('XGBoost JSON: the core refuses damaged models cleanly', async () => {
  const core = await loadCore();
  const text = await readFile(new URL('regression_xgb.json', trees));
  const width = JSON.parse(text).learner.learner_model_param.num_feature;
  const config = JSON.stringify({ feature_names: names(Number(width)) });
  const background = new Float32Array(Number(width));
  const utf8 = new TextDecoder();
  for (const bytes of mutants(new Uint8Array(text), rounds, 7)) {
    await parsesOrRefuses(() => {
      const explainer = core.createTreeExplainer(utf8.decode(bytes), config, background);
      try {
        const fromJson = JSON.parse(explainer.explainJson(background));
        assert.deepStrictEqual(fromArrays(explainer.explainArrays(background)), fromJson);
      } finally {
        explainer.delete();
      }
    }, 'regression_xgb.json');
  }
  const explainer = core.createTreeExplainer(utf8.decode(text), config, background);
  assert.throws(
    () => explainer.explainJson(new Float32Array(Number(width) + 1)),
    new RegExp(`the instance data has ${Number(width) + 1} values, .* multiple of ${width} `),
  );
  explainer.delete();
});

// Structure-aware: a parsed document with one value somewhere (a number, an array, an object)
// replaced by an odd one, a key deleted, an array cut short or given a copy of one of its entries.
function* documentMutants(document, count, seed) {
  const random = seededRandom(seed);
  const below = (n) => Math.floor(random() * n);
  const odd = [null, 'x', -1, 1.5, Infinity, NaN, 1e300, 2 ** 53 + 2, {}, [], true];
  for (let m = 0; m < count; m++) {
    const copy = structuredClone(document);
    // A random walk down from the root to the container to change.
    let parent = copy;
    while (random() < 0.7) {
      const keys = Object.keys(parent).filter((key) => typeof parent[key] === 'object');
      const next = keys.length && parent[keys[below(keys.length)]];
      if (!next) break;
      parent = next;
    }
    const keys = Object.keys(parent);
    const key = keys[below(keys.length)];
    const edit = below(4);
    if (keys.length === 0 || edit === 0) parent[key ?? 'x'] = odd[below(odd.length)];
    else if (edit === 1) delete parent[key];
    else if (Array.isArray(parent) && edit === 2) parent.length = below(parent.length);
    else if (Array.isArray(parent)) parent.push(structuredClone(parent[below(parent.length)]));
    else parent[key] = odd[below(odd.length)];
    yield copy;
  }
}

test('distilled item-to-item models: the JS reader and the core refuse broken ones cleanly', async () => {
  const core = await loadCore();
  const spec = JSON.parse(await readFile(new URL('sasrec_distilled.json', movielens), 'utf8'));
  const small = {
    ...spec,
    targets: spec.targets.slice(0, 40),
    source_factors: spec.source_factors.slice(0, 40),
  };
  const history = small.source_factors.slice(0, 4).map(({ item }) => item);
  let read = 0;
  for (const mutant of documentMutants(small, rounds, 31)) {
    const what = JSON.stringify(mutant).slice(0, 300);
    const loaded = await parsesOrRefuses(() => {
      core.itemToItemLoad(itemToItemArrays(mutant));
      return true;
    }, what);
    // The widget's in-page model reads exactly what the core reads, and answers as it does.
    const model = readItemToItem(mutant);
    assert.equal(model !== null, loaded !== undefined, `the core reads it: ${!!loaded}; ${what}`);
    if (!model) continue;
    read++;
    for (const [inPage, inCore] of [
      [() => itemToItemTop(model, history, 5), () => core.itemToItemTop(history, 5)],
      [
        () => itemToItemExplanation(model, history),
        () => core.itemToItemExplain(history, undefined, undefined),
      ],
    ]) {
      const expected = await parsesOrRefuses(() => JSON.parse(inCore()), what);
      if (expected === undefined) assert.throws(inPage, Error, what);
      else assert.deepStrictEqual(inPage(), expected, what);
    }
  }
  assert.ok(read > 0, 'some mutants still read');
});

test('numeric CSV: rows of numbers or an error naming the line', async () => {
  const text = (await readFile(new URL('background.csv', demo), 'utf8'))
    .split('\n')
    .slice(0, 6)
    .join('\n');
  const utf8 = new TextDecoder();
  for (const bytes of mutants(new TextEncoder().encode(text), rounds * 3, 11)) {
    const csv = await parsesOrRefuses(
      () => parseNumericCsv(utf8.decode(bytes), 'mutant.csv'),
      'csv',
    );
    if (csv) {
      assert.ok(
        csv.rows.every(
          (row) =>
            row.length === csv.names.length &&
            row.every((value) => value === null || Number.isFinite(value)),
        ),
      );
    }
  }
});

test('items CSV: titles by id, or an error naming the line', async () => {
  const text = (await readFile(new URL('items.csv', movielens), 'utf8'))
    .split('\n')
    .slice(0, 8)
    .join('\n');
  const utf8 = new TextDecoder();
  for (const bytes of mutants(new TextEncoder().encode(text), rounds * 3, 12)) {
    const csv = utf8.decode(bytes);
    const items = await parsesOrRefuses(() => parseItemsCsv(csv, 'mutant.csv'), 'items');
    if (!items) continue;
    // Every row was read, whole: one item per non-blank line below the header, each with as many
    // cells as the header, its id written in digits, its title not empty.
    const [header, ...rows] = nonBlankLines(csv).map(({ line }) => splitLine(line));
    assert.equal(items.size, rows.length);
    for (const cells of rows) assert.equal(cells.length, header.length);
    for (const [id, item] of items) {
      assert.ok(Number.isSafeInteger(id) || id === 2 ** 53, `${id}`);
      assert.match(item.item.trim(), /^\d+$/);
      assert.equal(Number(item.item.trim()), id);
      assert.ok(typeof item.name === 'string' && item.name.trim() !== '', item.name);
    }
  }
});

test('history attributes: non-negative ids in digits, or an error naming the attribute', async () => {
  const utf8 = new TextDecoder();
  for (const bytes of mutants(new TextEncoder().encode('402 496, 326 13'), rounds, 13)) {
    const text = utf8.decode(bytes);
    const ids = await parsesOrRefuses(() => parseIds(text, 'history'), 'ids');
    if (!ids) continue;
    assert.deepEqual(
      ids,
      text
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((word) => (assert.match(word, /^\d+$/), Number(word))),
    );
    assert.ok(ids.every((id) => Number.isSafeInteger(id)));
  }
});
