// The size budget of issue #6: what <why-recommended> downloads, the model's runtime excepted
// (its own JS modules and the core its model needs, module and WebAssembly), is at most 150 KB
// gzipped, for distilled GA2Ms and history models explained in the page (the widget alone), for
// ONNX models (the Shapley core), for tree models (the white-box core), for distilled models
// explained in the worker (the distilled core and the engine's web/distilled/ modules) and for
// distilled history models explained in the worker (the distilled core and the worker's history
// jobs).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { widgetFiles, widgetSize } from '../../bench/widget-size.mjs';

const budget = 150_000;
const root = new URL('../../', import.meta.url);
const core = new URL('build/wasm/whyrec_white_box.wasm', root);

test('the widget finds every module it loads, bundled', async () => {
  const { widget, js, sources } = await widgetFiles();
  const names = (urls) => urls.map((url) => url.pathname.slice(root.pathname.length));
  assert.deepEqual(names(widget), ['build/web/why-recommended.mjs']);
  for (const name of ['build/web/whyrec.mjs', 'build/web/worker.mjs']) {
    assert.ok(names(js).includes(name), `${name} is counted`);
  }
  for (const source of [
    'web/widget/reasons.mjs',
    'web/widget/history-mode.mjs',
    'web/distilled/ga2m-shapley.mjs',
    'web/distilled/item-to-item.mjs',
    'web/inputs.mjs',
  ]) {
    assert.ok(sources.widget.includes(source), `${source} is in the widget`);
  }
  for (const source of ['web/worker.mjs', 'web/engine.mjs', 'web/core.mjs', 'web/onnx-model.mjs']) {
    assert.ok(sources.js.includes(source), `${source} is counted, bundled`);
  }
  // Pages run the bundles, never the sources; the engine is the worker's, not the widget's.
  assert.ok(
    names(js).every((name) => name.startsWith('build/web/')),
    `${names(js)}`,
  );
  assert.ok(!sources.widget.includes('web/engine.mjs'), `${sources.widget}`);
  assert.ok(!sources.js.some((name) => name.includes('charts/')), 'no chart code in the widget');
});

test('the distilled model code is counted apart, for distilled models only', async () => {
  const { sources } = await widgetFiles();
  assert.deepEqual(sources.distilledJs, ['web/distilled/model.mjs']);
  assert.ok(!sources.js.includes('web/distilled/model.mjs'));
});

test("the worker's history jobs are counted apart, with the distilled history model", async () => {
  const { sources } = await widgetFiles();
  for (const module of ['web/history/engine-jobs.mjs', 'web/history/distilled-history-model.mjs']) {
    assert.ok(sources.historyJs.includes(module), `${module} is counted`);
  }
  // The widget reads an item-to-item model's document in the page as the worker does (one reader).
  const jobs = (name) => name.includes('/history/') && !name.endsWith('/item-to-item-arrays.mjs');
  assert.ok(!sources.js.some(jobs), `${sources.js}`);
});

test(
  'widget JS + any of its cores ≤ 150 KB gzipped',
  { skip: !existsSync(core) && 'build/wasm is not built: npm run build' },
  async () => {
    const { widget, jsGzip, distilledJs, historyJs, shapleyCore, whiteBoxCore, distilledCore } =
      await widgetSize();
    for (const [name, js, { gzip }] of [
      ['distilled GA2M or history model, in the page', widget.gzip, { gzip: 0 }],
      ['Shapley', jsGzip, shapleyCore],
      ['white-box', jsGzip, whiteBoxCore],
      ['distilled', jsGzip + distilledJs.gzip, distilledCore],
      ['distilled history in the worker', jsGzip + historyJs.gzip, distilledCore],
    ]) {
      const total = js + gzip;
      assert.ok(total <= budget, `${name}: ${total} bytes: JS ${js}, core ${gzip}`);
    }
  },
);
