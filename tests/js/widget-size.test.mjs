// The size budget of issue #6: what <why-recommended> downloads, the model's runtime excepted
// (its own JS modules and the core its model needs, module and WebAssembly), is at most 150 KB
// gzipped, for ONNX models (the Shapley core), for tree models (the white-box core), for
// distilled models (the distilled core and the engine's web/distilled/ modules) and for distilled
// history models (the distilled core and the history mode's modules).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { widgetFiles, widgetSize } from '../../bench/widget-size.mjs';

const budget = 150_000;
const root = new URL('../../', import.meta.url);
const core = new URL('build/wasm/whyrec_white_box.wasm', root);

test('the widget finds every module it loads', async () => {
  const { js, sources } = await widgetFiles();
  const names = js.map((url) => url.pathname.slice(root.pathname.length));
  for (const name of ['web/widget/reasons.mjs', 'web/whyrec.mjs', 'build/web/worker.mjs']) {
    assert.ok(names.includes(name), `${name} is counted`);
  }
  for (const source of ['web/worker.mjs', 'web/engine.mjs', 'web/core.mjs', 'web/onnx-model.mjs']) {
    assert.ok(sources.js.includes(source), `${source} is counted, bundled`);
  }
  // Pages run the worker bundled, never its sources.
  assert.ok(!names.includes('web/engine.mjs'), `${names}`);
  assert.ok(!sources.js.some((name) => name.includes('charts/')), 'no chart code in the widget');
});

test('the distilled model code is counted apart, for distilled models only', async () => {
  const { sources } = await widgetFiles();
  assert.deepEqual(sources.distilledJs, ['web/distilled/model.mjs']);
  assert.ok(!sources.js.some((name) => name.startsWith('web/distilled/')));
});

test('history mode is counted apart, with the distilled history model', async () => {
  const { sources } = await widgetFiles();
  for (const module of ['web/widget/history-mode.mjs', 'web/history/distilled-history-model.mjs']) {
    assert.ok(sources.historyJs.includes(module), `${module} is counted`);
  }
  assert.ok(!sources.js.some((name) => /\/history\/|\/history-/.test(name)));
});

test(
  'widget JS + any of its cores ≤ 150 KB gzipped',
  { skip: !existsSync(core) && 'build/wasm is not built: npm run build' },
  async () => {
    const { jsGzip, distilledJs, historyJs, shapleyCore, whiteBoxCore, distilledCore } =
      await widgetSize();
    for (const [name, js, { gzip }] of [
      ['Shapley', jsGzip, shapleyCore],
      ['white-box', jsGzip, whiteBoxCore],
      ['distilled', jsGzip + distilledJs.gzip, distilledCore],
      ['distilled history', jsGzip + historyJs.gzip, distilledCore],
    ]) {
      const total = js + gzip;
      assert.ok(total <= budget, `${name}: ${total} bytes: JS ${js}, core ${gzip}`);
    }
  },
);
