// The module graphs a cold page waits on, level by level (each level is a round trip): the worker
// names every module engine.mjs needs, so all of them are fetched with engine.mjs; the JS API's
// page side (whyrec.mjs) imports only modules that import nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { staticImports } from '../../bench/widget-size.mjs';

const web = new URL('../../web/', import.meta.url);

async function staticGraph(url, seen = new Set()) {
  for (const imported of await staticImports(url)) {
    if (!seen.has(imported.href)) {
      seen.add(imported.href);
      await staticGraph(imported, seen);
    }
  }
  return seen;
}

const name = (url) => String(url).slice(web.href.length);

test('the worker imports every module of its graph itself', async () => {
  const worker = new URL('worker.mjs', web);
  const direct = (await staticImports(worker)).map(name).sort();
  const graph = [...(await staticGraph(worker))].map(name).sort();
  assert.ok(graph.includes('inputs.mjs'), `the graph was read: ${graph}`);
  assert.deepEqual(direct, graph, 'worker.mjs imports its graph, no more, no less');
  // ONNX Runtime's modules load with the first ONNX model, not with every worker.
  assert.ok(!graph.some((module) => module.startsWith('onnx-')), `${graph}`);
});

test("the JS API's page side is one level deep", async () => {
  const imports = await staticImports(new URL('whyrec.mjs', web));
  assert.deepEqual(imports.map(name).sort(), ['model-kinds.mjs', 'worker-client.mjs']);
  for (const module of imports) {
    assert.deepEqual((await staticImports(module)).map(name), [], name(module));
  }
});
