// The distilled item-to-item history model (`whyrec distill-history`'s JSON, parsed) as the
// arrays the core's itemToItemLoad reads: its numbers cross into WebAssembly as typed arrays, so
// that the core parses no 400 KB text (its first read took 180-208 ms in Node under a CI run's load, bench/README.md). JS
// checks the document's shape and types here, with the messages the core gives for a file's
// (ParseItemToItemJson); the core checks the values (finite, ordered, not listed twice).

const source = 'the item-to-item model';

function fail(what) {
  throw new Error(`${source}: ${what}`);
}

function field(object, key, where) {
  if (object === null || typeof object !== 'object' || Array.isArray(object) || !(key in object)) {
    fail(`${where} has no "${key}"`);
  }
  return object[key];
}

// Messages are made only for a failure: a model holds tens of thousands of numbers, and making
// each one's name made this 52-64 ms rather than 30-43 (Node, under the same load).
// Ids up to 2^53, as the core reads them (ItemIdOf): past it a double no longer tells ids apart.
const isItemId = (value) => Number.isInteger(value) && value >= 0 && value <= 2 ** 53;
const notItemId = (where) => fail(`${where} is not a non-negative integer item id`);
// Typed arrays would read "3" as 3 and null as 0; the core checks numbers finite.
const notNumber = (value, where) => fail(`${where} must be a number, got ${JSON.stringify(value)}`);

function number(value, where) {
  if (typeof value !== 'number') notNumber(value, where);
  return value;
}

// Appends a factor vector (`rank` numbers) to `out`.
function pushFactors(value, rank, where, out) {
  if (!Array.isArray(value) || value.length !== rank) {
    fail(`${where} is not an array of rank (${rank}) numbers`);
  }
  for (let k = 0; k < rank; k++) {
    if (typeof value[k] !== 'number') notNumber(value[k], `${where}[${k}]`);
    out.push(value[k]);
  }
}

/** `spec` as itemToItemLoad takes it; a clear error for a document of the wrong shape. */
export function itemToItemArrays(spec) {
  if (
    spec === null ||
    typeof spec !== 'object' ||
    spec.format !== 'whyrec-distilled' ||
    spec.family !== 'item_to_item'
  ) {
    fail('not a whyrec-distilled model of family item_to_item');
  }
  const rank = spec.rank ?? 0;
  if (!Number.isInteger(rank) || rank < 0) fail('rank is not a non-negative integer');
  const decay = number(field(spec, 'decay', 'the model'), 'decay');
  const defaultBias = number(field(spec, 'default_bias', 'the model'), 'default_bias');
  const sourceFactors = { items: [], factors: [] };
  if ('source_factors' in spec) {
    if (!Array.isArray(spec.source_factors)) fail('source_factors is not an array');
    spec.source_factors.forEach((entry, i) => {
      const where = `source_factors[${i}]`;
      const item = field(entry, 'item', where);
      if (!isItemId(item)) notItemId(`${where}.item`);
      sourceFactors.items.push(item);
      pushFactors(field(entry, 'u', where), rank, `${where}.u`, sourceFactors.factors);
    });
  }
  const targets = field(spec, 'targets', 'the model');
  if (!Array.isArray(targets)) fail('targets is not an array');
  const t = { items: [], biases: [], counts: [], sources: [], weights: [], hasFactors: [] };
  const factors = [];
  targets.forEach((target, i) => {
    const where = `targets[${i}]`;
    const item = field(target, 'item', where);
    if (!isItemId(item)) notItemId(`${where}.item`);
    t.items.push(item);
    const sources = field(target, 'sources', where);
    const weights = field(target, 'weights', where);
    if (!Array.isArray(sources) || !Array.isArray(weights) || sources.length !== weights.length) {
      fail(`${where}: sources and weights are not arrays of one length`);
    }
    for (let k = 0; k < sources.length; k++) {
      if (!isItemId(sources[k])) notItemId(`${where}.sources[${k}]`);
      if (typeof weights[k] !== 'number') notNumber(weights[k], `${where}.weights[${k}]`);
      t.sources.push(sources[k]);
      t.weights.push(weights[k]);
    }
    t.counts.push(sources.length);
    t.hasFactors.push('v' in target ? 1 : 0);
    if ('v' in target) pushFactors(target.v, rank, `${where}.v`, factors);
    t.biases.push(number(field(target, 'bias', where), `${where}.bias`));
  });
  return {
    decay,
    defaultBias,
    rank,
    sourceFactors: {
      items: Float64Array.from(sourceFactors.items),
      factors: Float64Array.from(sourceFactors.factors),
    },
    targets: {
      items: Float64Array.from(t.items),
      biases: Float64Array.from(t.biases),
      counts: Uint32Array.from(t.counts),
      sources: Float64Array.from(t.sources),
      weights: Float64Array.from(t.weights),
      hasFactors: Uint8Array.from(t.hasFactors),
      factors: Float64Array.from(factors),
    },
  };
}
