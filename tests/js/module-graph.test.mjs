// The module graphs a cold page waits on, level by level (each level is a round trip): pages run
// the worker bundled (build/web/, web/server/bundle.mjs), one module and the chunks it imports,
// all of them itself; the bundled widget is one module, which imports the bundled JS API (one
// module) only for models it does not explain itself; the JS API's sources (whyrec.mjs) import
// only modules that import nothing.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { staticImports } from '../../bench/widget-size.mjs';
import { bundleProblem, readBundleMap } from '../../web/server/bundle.mjs';

const root = new URL('../../', import.meta.url);
const web = new URL('web/', root);
const name = (url) => String(url).slice(web.href.length);
const map = await readBundleMap();
const skip = !map && 'the modules are not bundled: npm run build';

test('the bundle is as new as its sources', { skip }, async () => {
  assert.equal(await bundleProblem(), null);
  for (const source of [
    'web/worker.mjs',
    'web/engine.mjs',
    'web/core.mjs',
    'web/inputs.mjs',
    'web/whyrec.mjs',
    'web/widget/why-recommended.mjs',
    'web/widget/history-mode.mjs',
  ]) {
    assert.ok(map.sources.includes(source), `${source} is bundled`);
  }
});

// The widget and the JS API share one API (and so one worker): the widget's imports of it name the
// bundled API's file beside it; the bundled API runs the engine in-process (outside pages) from
// the sources.
test('the widget is one module, the JS API another', { skip }, () => {
  const byFile = new Map(map.modules.map((module) => [module.file, module]));
  const widget = byFile.get('build/web/why-recommended.mjs');
  const api = byFile.get('build/web/whyrec.mjs');
  assert.equal(widget.entry, 'web/widget/why-recommended.mjs');
  assert.equal(api.entry, 'web/whyrec.mjs');
  assert.deepEqual([widget.imports, api.imports], [[], []], 'no static imports');
  assert.deepEqual([...new Set(widget.later)], ['./whyrec.mjs']);
  assert.deepEqual(api.later, ['../../web/engine.mjs']);
  for (const [module, reference] of [
    [widget, './whyrec.mjs'],
    [api, '../../web/engine.mjs'],
  ]) {
    assert.ok(existsSync(fileURLToPath(new URL(reference, new URL(module.file, root)))), reference);
  }
  assert.ok(!api.sources.includes('web/engine.mjs'), `${api.sources}`);
  assert.ok(!widget.sources.includes('web/whyrec.mjs'), `${widget.sources}`);
});

test("the bundled worker's graph is two levels, without ONNX Runtime's modules", { skip }, () => {
  const byFile = new Map(map.modules.map((module) => [module.file, module]));
  const worker = byFile.get('build/web/worker.mjs');
  assert.ok(worker.imports.length > 0, 'the worker imports its chunks');
  // A chunk may import another, one the worker imports too: fetched at once, not a level later.
  for (const chunk of worker.imports) {
    for (const imported of byFile.get(chunk).imports) {
      assert.ok(worker.imports.includes(imported), `${chunk} imports ${imported}, as the worker`);
    }
  }
  const sources = [worker, ...worker.imports.map((chunk) => byFile.get(chunk))].flatMap(
    (module) => module.sources,
  );
  assert.ok(sources.includes('web/engine.mjs') && sources.includes('web/core.mjs'), `${sources}`);
  // ONNX Runtime's modules load with the first ONNX model, not with every worker.
  assert.ok(!sources.some((source) => source.startsWith('web/onnx-')), `${sources}`);
});

// A widget on a distilled model loads web/distilled/model.mjs later, a history widget the history
// jobs: one request each, not a chain.
test('what the engine loads later for a widget is one module each', { skip }, () => {
  const byEntry = new Map(map.modules.map((module) => [module.entry, module]));
  const loaded = byEntry.get('web/worker.mjs').imports;
  for (const entry of ['web/distilled/model.mjs', 'web/history/engine-jobs.mjs']) {
    const module = byEntry.get(entry);
    assert.ok(module, `${entry} has a module of its own`);
    for (const imported of module.imports) {
      assert.ok(loaded.includes(imported), `${entry} imports ${imported}, which the worker lacks`);
    }
  }
});

// The sources find files relative to themselves; bundled, each URL must name the same file.
test("the bundle's relative URLs name files that are there", { skip }, () => {
  const urls = [];
  for (const { file } of map.modules) {
    const text = readFileSync(new URL(file, root), 'utf8');
    for (const [, reference] of text.matchAll(/new URL\(\s*["'`](\.{1,2}\/[^"'`$]*)/g)) {
      urls.push(new URL(reference, new URL(file, root)));
    }
  }
  const names = urls.map((url) => url.pathname.slice(root.pathname.length));
  for (const expected of ['build/wasm/whyrec_core.mjs', 'node_modules/onnxruntime-web/dist/']) {
    assert.ok(
      names.some((n) => n.startsWith(expected)),
      `${expected} among ${names}`,
    );
  }
  for (const url of urls) assert.ok(existsSync(fileURLToPath(url)), `${url} exists`);
});

test("the JS API's page side is one level deep", async () => {
  const imports = await staticImports(new URL('whyrec.mjs', web));
  assert.deepEqual(imports.map(name).sort(), ['model-kinds.mjs', 'worker-client.mjs']);
  for (const module of imports) {
    assert.deepEqual((await staticImports(module)).map(name), [], name(module));
  }
});
