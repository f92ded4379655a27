// A distilled GA2M's exact interventional Shapley values in plain JavaScript, for the widget's
// page: the closed form of the core's DistilledShapley (core/explain/shapley/distilled_shapley.cpp),
// computed in the same order with the same float32 rows, so that its values are the core's to the
// bit (tested against the WebAssembly core). A page that shows reasons for such a model needs no worker, no
// core and no round trip to either: on the 2-core benchmark machine starting a worker alone took
// 80-118 ms of the 300 ms a cold page has (bench/README.md, "Distilled models in the page").
//
// readGa2m accepts exactly what the core's reader accepts and nothing else: for any other
// document it returns null, and the caller hands the model to the core, whose reader names the
// problem.

const format = 'whyrec-distilled';
const version = 1;
const maxCuts = 65534;

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
// Every entry, holes included (Array.prototype.every skips them; the core reads them as null, a
// hole here reads as undefined), in a loop that allocates nothing: a model's scores are tens of
// thousands of numbers, read in a cold page.
function all(array, test) {
  for (let i = 0; i < array.length; i++) if (!test(array[i])) return false;
  return true;
}
const isFiniteArray = (value) => Array.isArray(value) && all(value, Number.isFinite);

/**
 * The GA2M that `spec` (a parsed whyrec-distilled document) describes, with its cuts in float32
 * as the core reads them; null when the core would refuse it or it is not a GA2M.
 */
export function readGa2m(spec) {
  if (!isObject(spec) || spec.format !== format || spec.version !== version) return null;
  // An absent family is a GA2M; a null one is not (the core's reader says so).
  const family = spec.family === undefined ? 'ga2m' : spec.family;
  if (family !== 'ga2m' || !['identity', 'logit'].includes(spec.link)) return null;
  const names = spec.feature_names;
  if (!Array.isArray(names) || names.length === 0) return null;
  if (!all(names, (name) => typeof name === 'string') || new Set(names).size !== names.length) {
    return null;
  }
  if (!Number.isFinite(spec.intercept) || !Array.isArray(spec.terms)) return null;
  const terms = [];
  for (const term of spec.terms) {
    const read = readTerm(term, names);
    if (!read) return null;
    terms.push(read);
  }
  return { names, intercept: spec.intercept, link: spec.link, terms };
}

// A term as the core checks it (ParseTerm, CheckDistilledTerm): 1 or 2 distinct features of the
// model, one array of finite cuts per feature, strictly ascending in float32, and one finite
// score per cell of its bins (each feature's cuts + 2: bin 0 holds missing values).
function readTerm(term, names) {
  if (!isObject(term) || !Array.isArray(term.features) || !Array.isArray(term.cuts)) return null;
  const arity = term.features.length;
  if (arity < 1 || arity > 2 || term.cuts.length !== arity) return null;
  const features = Array.from(term.features, (name) => names.indexOf(name));
  if (features.includes(-1)) return null;
  if (arity === 2 && features[0] === features[1]) return null;
  const cuts = [];
  for (const values of term.cuts) {
    if (!isFiniteArray(values) || values.length > maxCuts) return null;
    // The constructor, not Float32Array.from: it copies an array of numbers without iterating.
    const float32 = new Float32Array(values);
    for (let i = 0; i < float32.length; i++) {
      if (!Number.isFinite(float32[i]) || (i > 0 && !(float32[i - 1] < float32[i]))) return null;
    }
    cuts.push(float32);
  }
  const cells = cuts.reduce((product, c) => product * (c.length + 2), 1);
  if (!isFiniteArray(term.scores) || term.scores.length !== cells) return null;
  return { features, cuts, scores: term.scores, width: arity === 2 ? cuts[1].length + 2 : 1 };
}

// Bin of v among ascending float32 cuts: 0 for NaN (missing), else 1 + the number of cuts <= v.
function binOf(cuts, v) {
  if (Number.isNaN(v)) return 0;
  let low = 0;
  let high = cuts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (cuts[middle] <= v) low = middle + 1;
    else high = middle;
  }
  return 1 + low;
}

// What every explanation against one background shares, per model: the background rows' bins in
// each term, each term's expected value (E f(b), v() for a pair) and the mean margin. A page of
// widgets explains one model against one background: only the first widget computes these.
const prepared = new WeakMap();

function againstBackground(model, rows, width) {
  const bits = new Uint32Array(rows.buffer, rows.byteOffset, rows.length);
  const last = prepared.get(model);
  if (last && sameBits(last.bits, bits)) return last;
  const count = rows.length / width;
  const weight = 1 / count;
  // Plain loops: this runs once per page, cold, before the first reasons.
  const binsOf = (cuts, feature) => {
    const bins = new Int32Array(count);
    for (let r = 0; r < count; r++) bins[r] = binOf(cuts, rows[r * width + feature]);
    return bins;
  };
  const terms = [];
  for (const term of model.terms) {
    const ra = binsOf(term.cuts[0], term.features[0]);
    const rb = term.features.length === 2 ? binsOf(term.cuts[1], term.features[1]) : null;
    const cells = rb ? new Int32Array(count) : ra;
    if (rb) for (let r = 0; r < count; r++) cells[r] = ra[r] * term.width + rb[r];
    let expected = 0;
    for (let r = 0; r < count; r++) expected += weight * term.scores[cells[r]];
    // Pair sums by bin (pairGiven), filled as instances ask.
    terms.push({ ra, rb, cells, expected, given: rb ? [new Map(), new Map()] : null });
  }
  // In the core's order: each row's margin (the intercept, then each term), weighted, in turn.
  let base = 0;
  for (let r = 0; r < count; r++) {
    let sum = model.intercept;
    for (let t = 0; t < terms.length; t++) sum += model.terms[t].scores[terms[t].cells[r]];
    base += weight * sum;
  }
  const result = { bits: bits.slice(), count, weight, terms, base };
  prepared.set(model, result);
  return result;
}

function sameBits(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// Exact Shapley values of the margin at row x against background rows of equal weight: a main
// term gives its feature f(x_i) - E f(b_i); a pair term gives each of its features its share of
// the two-player game v(S) = E f(x_S, b_rest). Sums in the core's order (DistilledShapley);
// the margin at x too (the intercept, then each term), from the same bins.
function shapley(model, x, background, width) {
  const phi = new Array(width).fill(0);
  let margin = model.intercept;
  for (let t = 0; t < model.terms.length; t++) {
    const term = model.terms[t];
    const [i, j] = term.features;
    const shared = background.terms[t];
    const { rb, expected } = shared;
    const a = binOf(term.cuts[0], x[i]);
    if (!rb) {
      margin += term.scores[a];
      phi[i] += term.scores[a] - expected;
      continue;
    }
    const b = binOf(term.cuts[1], x[j]);
    const onlyI = pairGiven(term, shared, background, 0, a);
    const onlyJ = pairGiven(term, shared, background, 1, b);
    const both = term.scores[a * term.width + b];
    margin += both;
    phi[i] += 0.5 * (onlyI - expected) + 0.5 * (both - onlyJ);
    phi[j] += 0.5 * (onlyJ - expected) + 0.5 * (both - onlyI);
  }
  return { phi, margin };
}

// E f(x_k = the bin given, the other feature from the background) of a pair term, summed in the
// core's order, once per bin for all the page's widgets: the items of one shopper share most
// bins (the shopper's own features), so most of their pair sums are the first widget's.
function pairGiven(term, shared, background, k, bin) {
  const known = shared.given[k].get(bin);
  if (known !== undefined) return known;
  const { count, weight } = background;
  const { ra, rb } = shared;
  let sum = 0;
  for (let r = 0; r < count; r++) {
    sum += weight * term.scores[k === 0 ? bin * term.width + rb[r] : ra[r] * term.width + bin];
  }
  shared.given[k].set(bin, sum);
  return sum;
}

/**
 * The explanation the core gives (method "additive", the margin's exact Shapley values, one row
 * per instance) for float32 instances and background rows (row-major, one value per feature of
 * the model, in its order), as the JS API returns it.
 */
export function ga2mExplanation(model, instances, background) {
  const width = model.names.length;
  const shared = againstBackground(model, background, width);
  const rows = Array.from({ length: instances.length / width }, (_, i) =>
    shapley(model, instances.subarray(i * width, (i + 1) * width), shared, width),
  );
  return {
    method: 'additive',
    output: model.link === 'logit' ? 'margin' : 'prediction',
    feature_names: model.names,
    base_value: shared.base,
    values: rows.map(({ phi }) => phi),
    std_errors: rows.map(() => new Array(width).fill(0)),
    model_output: rows.map(({ margin }) => margin),
    evaluations: 0,
    seed: null,
    settings: { background_rows: shared.count, players: width, space: 'margin' },
  };
}
