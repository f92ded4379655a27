// The engine behind a flat message protocol (as sql.js's worker): requests are
// { id, action, request }, replies { id, result }, failures { id, error }, progress
// { id, progress }. A failure from cancelling ({ action: 'cancel', request: { id } } names the
// explain, importance, curves, counterfactual or explainHistory request to stop) also carries name:
// 'AbortError'. The same file runs in Node's worker_threads; pages run it bundled
// (build/web/worker.mjs, by web/server/bundle.mjs).
import { createEngine } from './engine.mjs';
import { isNode } from './environment.mjs';

const port = isNode ? nodePort((await import('node:worker_threads')).parentPort) : browserPort();
let engine = createEngine();
// The explain, importance, curves, counterfactual and history requests in flight, by id, so that a
// 'cancel' can stop them.
const running = new Map();

port.onMessage(async ({ id, action, request }) => {
  try {
    const result = await handle(id, action, request);
    port.post({ id, result }, transferablesOf(result));
    if (action === 'close') port.close();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    port.post({ id, error: message, ...(error?.name === 'AbortError' && { name: 'AbortError' }) });
  }
});

async function handle(id, action, request = {}) {
  switch (action) {
    case 'explain':
    case 'importance':
    case 'curves':
    case 'counterfactual':
    case 'explainHistory':
    case 'historyCurves': {
      const controller = new AbortController();
      running.set(id, controller);
      try {
        return await engine[action](
          request,
          (progress) => port.post({ id, progress }),
          controller.signal,
        );
      } finally {
        running.delete(id);
      }
    }
    case 'cancel':
      running.get(request.id)?.abort();
      return null;
    case 'predict':
      return engine.predict(request);
    case 'distill':
      return engine.distill(request);
    case 'recommend':
      return engine.recommend(request);
    case 'readHistories':
      return engine.readHistories(request);
    case 'configure':
      await engine.close();
      engine = createEngine(request);
      return null;
    case 'close':
      await engine.close();
      return null;
    default:
      throw new Error(
        `unknown action "${action}"; expected explain, importance, curves, counterfactual, ` +
          'explainHistory, historyCurves, cancel, predict, distill, recommend, readHistories, ' +
          'configure or close',
      );
  }
}

// Predictions are fresh arrays nobody else holds: move them instead of copying.
function transferablesOf(result) {
  return result instanceof Float32Array ? [result.buffer] : [];
}

function nodePort(parentPort) {
  return {
    onMessage: (handler) => parentPort.on('message', handler),
    post: (message, transfer) => parentPort.postMessage(message, transfer),
    close: () => parentPort.close(),
  };
}

function browserPort() {
  return {
    onMessage: (handler) => self.addEventListener('message', (event) => handler(event.data)),
    post: (message, transfer) => self.postMessage(message, transfer),
    close: () => self.close(),
  };
}
