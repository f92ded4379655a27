// web/worker.mjs driven through Node's worker_threads with the flat protocol:
// { id, action, request } in; { id, result }, { id, error } or { id, progress } out.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import Papa from 'papaparse';

const demo = new URL('../../examples/demo/', import.meta.url);
const modelPath = new URL('ctr_mlp.onnx', demo).pathname;

let worker;
let names;
let background;
const messages = [];
const listeners = new Set();

before(async () => {
  ({ feature_names: names } = JSON.parse(await readFile(new URL('meta.json', demo), 'utf8')));
  const text = await readFile(new URL('background.csv', demo), 'utf8');
  const { data } = Papa.parse(text, { header: true, dynamicTyping: true, skipEmptyLines: true });
  background = data.map((row) => names.map((name) => row[name]));
  worker = new Worker(new URL('../../web/worker.mjs', import.meta.url));
  worker.on('message', (message) => {
    messages.push(message);
    for (const listener of listeners) listener(message);
  });
});

after(() => worker.terminate());

/** Posts a request and collects every message with its id until the reply (result or error). */
function send(id, action, request) {
  return new Promise((resolve) => {
    const progress = [];
    const listener = (message) => {
      if (message.id !== id) return;
      if ('progress' in message) {
        progress.push(message.progress);
        return;
      }
      listeners.delete(listener);
      resolve({ reply: message, progress });
    };
    listeners.add(listener);
    worker.postMessage({ id, action, request });
  });
}

test('a reply carries the id of its request, also with several requests in flight', async () => {
  const rows = background.slice(0, 5);
  const [probs, logits] = await Promise.all([
    send(11, 'predict', { model: modelPath, rows, output: 'prob' }),
    send(12, 'predict', { model: modelPath, rows, output: 'logit' }),
  ]);
  assert.equal(probs.reply.id, 11);
  assert.equal(logits.reply.id, 12);
  assert.ok(probs.reply.result instanceof Float32Array);
  assert.equal(probs.reply.result.length, 5);
  // Each reply answers its own request: prob is the sigmoid of logit, row by row.
  probs.reply.result.forEach((prob, i) => {
    const logit = logits.reply.result[i];
    assert.ok(Math.abs(prob - 1 / (1 + Math.exp(-logit))) < 1e-6, `row ${i}: ${prob}, ${logit}`);
  });
});

test('a failure comes back as { id, error } and the worker lives on', async () => {
  const unknownOutput = await send(21, 'predict', {
    model: modelPath,
    rows: background.slice(0, 1),
    output: 'score',
  });
  assert.deepEqual(Object.keys(unknownOutput.reply).sort(), ['error', 'id']);
  assert.equal(unknownOutput.reply.id, 21);
  assert.match(unknownOutput.reply.error, /no output "score".*logit, prob/);

  const unknownAction = await send(22, 'train', {});
  assert.equal(unknownAction.reply.id, 22);
  assert.match(unknownAction.reply.error, /unknown action "train"/);

  const missingFile = await send(23, 'predict', { model: '/no/such/model.onnx', rows: [[1]] });
  assert.equal(missingFile.reply.id, 23);
  assert.match(missingFile.reply.error, /no such file|ENOENT/i);

  const stillWorking = await send(24, 'predict', {
    model: modelPath,
    rows: background.slice(0, 2),
  });
  assert.equal(stillWorking.reply.result.length, 2);
});

test('a job of many batches reports progress before its result', async () => {
  const { reply, progress } = await send(31, 'explain', {
    model: modelPath,
    instance: background[3],
    background,
    featureNames: names,
    output: 'prob',
    // 2^12 coalitions x 100 background rows in batches of at most 16384 rows.
    maxBatchRows: 16384,
  });
  assert.equal(reply.id, 31);
  assert.equal(reply.error, undefined);
  const { evaluations } = reply.result;
  assert.ok(progress.length >= Math.ceil(evaluations / 16384) - 1, `${progress.length} updates`);
  const evaluated = progress.map((update) => update.rowsEvaluated);
  evaluated.forEach((rows, i) => assert.ok(i === 0 || rows > evaluated[i - 1], 'rows increase'));
  assert.ok(evaluated.every((rows, i) => i === 0 || rows - evaluated[i - 1] <= 16384));
  assert.equal(evaluated.at(-1), evaluations);
  assert.deepEqual(progress.at(-1), { rowsEvaluated: evaluations, instancesDone: 0, instances: 1 });
  const replyIndex = messages.findIndex((message) => message.id === 31 && 'result' in message);
  assert.ok(
    messages.slice(0, replyIndex).some((message) => message.progress),
    'progress first',
  );
});

test('cancel stops a running explain between batches; it fails as an AbortError', async () => {
  const firstProgress = new Promise((resolve) => {
    const listener = (message) => {
      if (message.id !== 51 || !message.progress) return;
      listeners.delete(listener);
      resolve();
    };
    listeners.add(listener);
  });
  const job = send(51, 'explain', {
    model: modelPath,
    instances: background.slice(0, 20),
    background,
    featureNames: names,
    output: 'prob',
    maxBatchRows: 4096,
  });
  await firstProgress;
  const [{ reply, progress }, cancelled] = await Promise.all([job, send(52, 'cancel', { id: 51 })]);
  assert.deepEqual(cancelled.reply, { id: 52, result: null });
  assert.equal(reply.name, 'AbortError');
  assert.match(reply.error, /abort/i);
  // 20 rows would take 2,000 batches; it stopped long before.
  assert.ok(progress.length < 200, `${progress.length} batches ran`);

  const unknown = await send(53, 'cancel', { id: 999 });
  assert.deepEqual(unknown.reply, { id: 53, result: null }, 'nothing to cancel is no error');
  const stillWorking = await send(54, 'predict', {
    model: modelPath,
    rows: background.slice(0, 2),
  });
  assert.equal(stillWorking.reply.result.length, 2);
});

test('close replies and lets the worker exit', async () => {
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  const { reply } = await send(41, 'close');
  assert.deepEqual(reply, { id: 41, result: null });
  assert.equal(await exited, 0);
});
