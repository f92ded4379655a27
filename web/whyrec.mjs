// whyrec's JavaScript API. On a page, everything runs in one module Worker, started when this
// module is imported, so that the page never blocks; elsewhere (Node, or code already inside a
// worker) it runs in-process. Requests, results and options: whyrec.d.ts.
import { isBytes, isModelText } from './model-kinds.mjs';
import { WorkerClient } from './worker-client.mjs';

const onPage = typeof document !== 'undefined' && typeof Worker !== 'undefined';

let backend = null;
let engineOptions = {};

export async function explain({ onProgress, signal, ...request } = {}) {
  return backendNow().explain(portable(request), onProgress, signal);
}

export async function importance({ onProgress, signal, ...request } = {}) {
  return backendNow().importance(portable(request), onProgress, signal);
}

export async function curves({ onProgress, signal, ...request } = {}) {
  return backendNow().curves(portable(request), onProgress, signal);
}

export async function counterfactual({ onProgress, signal, ...request } = {}) {
  return backendNow().counterfactual(portable(request), onProgress, signal);
}

export async function explainHistory({ onProgress, signal, ...request } = {}) {
  return backendNow().explainHistory(portable(request), onProgress, signal);
}

export async function historyCurves({ onProgress, signal, ...request } = {}) {
  return backendNow().historyCurves(portable(request), onProgress, signal);
}

export async function readHistories(request = {}) {
  return backendNow().readHistories(request);
}

export async function recommend(request = {}) {
  return backendNow().recommend(portable(request));
}

export async function predict(request = {}) {
  return backendNow().predict(portable(request));
}

export async function distill(request = {}) {
  return backendNow().distill(portable(request));
}

export function configure(options) {
  if (backend) throw new Error('configure() must be called before the first explain or predict');
  engineOptions = { ...options };
}

/**
 * Like configure(), but only for the options nobody chose yet, and a no-op once the first job
 * has started: a component can prefer a smaller core without overriding its page.
 */
export function configureDefaults(options) {
  if (backend) return;
  engineOptions = { ...options, ...engineOptions };
}

export async function close() {
  const closing = backend;
  backend = null;
  await closing?.close();
}

function backendNow() {
  backend ??= onPage ? workerBackend() : inProcessBackend();
  return backend;
}

// What both backends do, each by `action(name)`.
const actions = [
  'explain',
  'importance',
  'curves',
  'counterfactual',
  'explainHistory',
  'historyCurves',
  'recommend',
  'readHistories',
  'predict',
  'distill',
];

function actionsOf(action) {
  return Object.fromEntries(actions.map((name) => [name, action(name)]));
}

// Pages run the worker as the build bundles it (web/server/bundle.mjs): one module and a
// few chunks, where web/worker.mjs's own graph is 10 modules fetched in two waves.
// The URL written in the Worker call itself, the form bundlers (webpack, Vite) follow.
const createWorker = () =>
  new Worker(new URL('../build/web/worker.mjs', import.meta.url), { type: 'module' });
const workerName = `${new URL('../build/web/worker.mjs', import.meta.url)} (npm run build makes it)`;
const newClient = () => new WorkerClient(createWorker, workerName);
// The worker's own modules load while the caller readies the first job, which configures it.
let startedClient = onPage ? newClient().start() : null;

function workerBackend() {
  const client = startedClient ?? newClient();
  startedClient = null;
  const options = absoluteUrls(engineOptions);
  const configured = Object.keys(options).length ? client.call('configure', options) : null;
  const action = (name) => async (request, onProgress, signal) => {
    await configured;
    return client.call(name, request, onProgress, signal);
  };
  return {
    ...actionsOf(action),
    close: () => client.close(),
  };
}

function inProcessBackend() {
  const engine = import('./engine.mjs').then(({ createEngine }) => createEngine(engineOptions));
  const action = (name) => async (request, onProgress, signal) =>
    (await engine)[name](request, onProgress, signal);
  return {
    ...actionsOf(action),
    close: async () => (await engine).close(),
  };
}

// Model bytes reach the worker as a new copy each time, so the worker caches their session under
// a key that stays with the caller's bytes object.
const bytesKeys = new WeakMap();
let nextBytesKey = 1;

// Requests cross into a worker whose own URL is the base for relative URLs: make the page's
// relative model URLs absolute first. Model bytes get a key that stays with the caller's bytes
// object (modelKey, embeddingsModelKey), under which the worker keeps their session.
const modelFields = [
  ['model', 'modelKey'],
  ['embeddingsModel', 'embeddingsModelKey'],
];

function portable(request) {
  if (!onPage) return request;
  const moved = { ...request };
  for (const [field, keyField] of modelFields) {
    const value = request[field];
    if (isBytes(value)) {
      if (!bytesKeys.has(value)) bytesKeys.set(value, `bytes-${nextBytesKey++}`);
      moved[keyField] = bytesKeys.get(value);
    } else if (typeof value === 'string' && !isModelText(value)) {
      moved[field] = new URL(value, document.baseURI).href;
    }
  }
  return moved;
}

function absoluteUrls(options) {
  return Object.fromEntries(
    Object.entries(options).map(([name, url]) => [name, new URL(url, document.baseURI).href]),
  );
}
