// The widget's own path for a distilled GA2M (`whyrec distill`'s additive model): it reads the
// model in the page and computes its exact Shapley values there (web/distilled/ga2m-shapley.mjs,
// the core's closed form to the bit), with no worker and no WebAssembly core: a cold page shows
// the reasons without waiting for either to start. Every other model, and every request the
// closed form does not answer as the JS API would, goes to the JS API as before.
import { ga2mExplanation, readGa2m } from '../distilled/ga2m-shapley.mjs';
import { toMatrix } from '../inputs.mjs';

// Files written by `whyrec distill` begin so; a model whose text does not (another model, or a
// distilled one written with its keys in another order) is the JS API's to read.
const distilledStart = /^\s*\{\s*"format"\s*:\s*"whyrec-distilled"/;
// How much text tells: the start above, after any leading white space.
const startLength = 256;

const models = new Map();
// The GA2Ms read so far, by URL, for widgets that ask without waiting.
const readModels = new Map();

/**
 * Whether the model at `url` may be one this path reads: its name says JSON. Not for a text that
 * is no URL: the JS API names that problem.
 */
export function mayBeDistilled(url) {
  try {
    return /\.json$/i.test(new URL(url, document.baseURI).pathname);
  } catch {
    return false;
  }
}

/**
 * The GA2M at `url`, read once per URL for every widget of the page; null for anything else,
 * including a file that fails to load (the JS API then reports it). Other models' downloads stop
 * after their first bytes.
 */
export function distilledModelAt(url) {
  const key = new URL(url, document.baseURI).href;
  if (!models.has(key)) {
    const read = readModel(key).catch(() => null);
    read.then((model) => model && readModels.set(key, model));
    models.set(key, read);
  }
  return models.get(key);
}

/** The GA2M at `url` if distilledModelAt has read it already, else null. */
export function distilledModelRead(url) {
  return readModels.get(new URL(url, document.baseURI).href) ?? null;
}

/**
 * Whether the closed form answers a request for this method and output (attributes, null when
 * absent) as the JS API would: its exact Shapley values of the model's first output.
 */
export function answersInPage(model, method, output) {
  const outputName = model.link === 'logit' ? 'margin' : 'prediction';
  return [null, 'auto', 'additive'].includes(method) && [null, outputName].includes(output);
}

async function readModel(url) {
  const response = await fetch(url);
  if (!response.ok || !response.body) return null;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    text += decoder.decode(chunk.value, { stream: true });
    if (text.length >= startLength && !distilledStart.test(text)) {
      reader.cancel();
      return null;
    }
  }
  text += decoder.decode();
  return distilledStart.test(text) ? readGa2m(JSON.parse(text)) : null;
}

/**
 * The explanation of `instance` the JS API would give for this request, or null when the closed
 * form does not answer it (another method or output, feature names other than the model's, no
 * background: the JS API explains those, or names the problem). `fixedBackground`: the background
 * rows never change (a file's, parsed once for all the page's widgets), so they are converted to
 * float32 once.
 */
export function explainInPage(
  model,
  { instance, background, featureNames, method, output, fixedBackground = false },
) {
  if (!answersInPage(model, method, output)) return null;
  const names = featureNames ?? model.names;
  if (names.length !== model.names.length || names.some((name, i) => name !== model.names[i])) {
    return null;
  }
  if (!Array.isArray(background) || background.length === 0) return null;
  return ga2mExplanation(
    model,
    toMatrix([instance], names, 'instance'),
    fixedBackground ? fixedMatrix(background, names) : toMatrix(background, names, 'background'),
  );
}

// Float32 copies of fixed backgrounds, by their rows and the model's width: a page's twelve widgets
// on one background file convert its rows once, not twelve times in the cold page's busiest task.
const fixedMatrices = new WeakMap();

function fixedMatrix(rows, names) {
  if (!fixedMatrices.has(rows)) fixedMatrices.set(rows, new Map());
  const byWidth = fixedMatrices.get(rows);
  if (!byWidth.has(names.length)) byWidth.set(names.length, toMatrix(rows, names, 'background'));
  return byWidth.get(names.length);
}
