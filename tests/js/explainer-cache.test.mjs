// The engine's cache of tree explainers: a hit needs the same key and the same background; the
// least recently used entry beyond the limit, a replaced one and, on clear(), all are deleted
// from the core. Through the engine, a cached explainer gives what a fresh one gives.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEngine } from '../../web/engine.mjs';
import { ExplainerCache } from '../../web/explainer-cache.mjs';
import { demoRows } from './demo-cli.mjs';

function fakeCore() {
  const deleted = [];
  let built = 0;
  const build = () => {
    const id = ++built;
    return { id, delete: () => deleted.push(id) };
  };
  return { deleted, build };
}

test('hits need the same key and background; evicted and replaced explainers are deleted', () => {
  const { deleted, build } = fakeCore();
  const cache = new ExplainerCache(2);
  const rows = Float32Array.of(1, 2, NaN);
  const a = cache.get('a', rows, build);
  assert.equal(cache.get('a', Float32Array.of(1, 2, NaN), build), a, 'same key and rows: a hit');
  const changed = cache.get('a', Float32Array.of(1, 2, 3), build);
  assert.notEqual(changed, a, 'other rows: rebuilt');
  assert.deepEqual(deleted, [a.id], 'the replaced explainer is deleted');
  const b = cache.get('b', rows, build);
  cache.get('a', Float32Array.of(1, 2, 3), build); // a is now the most recently used
  const c = cache.get('c', rows, build);
  assert.deepEqual(deleted, [a.id, b.id], 'the least recently used goes beyond the limit');
  cache.clear();
  assert.deepEqual(deleted.slice(2).sort(), [changed.id, c.id].sort());
});

test('the engine reuses a tree explainer for the same model, settings, background', async () => {
  const model = new URL('../../examples/trees/ctr_xgb.json', import.meta.url).pathname;
  const { background: rows } = await demoRows();
  const cached = createEngine();
  const interventional = { tree_mode: 'interventional' };
  const requests = [
    { background: rows.slice(0, 50), settings: interventional },
    { background: rows.slice(50), settings: interventional },
    { background: rows.slice(0, 50) },
    { background: rows.slice(0, 50), settings: interventional },
  ].map((request) => ({ model, instances: rows.slice(0, 3), ...request }));
  try {
    const answers = [];
    for (const request of requests) answers.push(await cached.explain(request));
    for (const [i, request] of requests.entries()) {
      const fresh = createEngine();
      const expected = await fresh.explain(request);
      await fresh.close();
      assert.deepEqual(answers[i], expected, `request ${i}`);
    }
    assert.notEqual(answers[0].base_value, answers[1].base_value, 'the background matters');
    assert.notDeepEqual(answers[0].values, answers[2].values, 'the tree mode matters');
  } finally {
    await cached.close();
  }
});
