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
const core = new URL('../../build/wasm/whyrec_white_box.wasm', import.meta.url);

test('the widget finds every module it loads', async () => {
  const { js } = await widgetFiles();
  const names = js.map((url) => url.pathname.replace(/.*\/web\//, 'web/'));
  for (const name of [
    'web/widget/reasons.mjs',
    'web/whyrec.mjs',
    'web/worker.mjs',
    'web/core.mjs',
  ]) {
    assert.ok(names.includes(name), `${name} is counted`);
  }
  assert.ok(!names.some((name) => name.includes('charts/')), 'no chart code in the widget');
});

test('the distilled model code is counted apart, for distilled models only', async () => {
  const { js, distilledJs } = await widgetFiles();
  const name = (url) => url.pathname.replace(/.*\/web\//, 'web/');
  assert.deepEqual(distilledJs.map(name), ['web/distilled/model.mjs']);
  assert.ok(!js.some((url) => name(url).startsWith('web/distilled/')));
});

test('history mode is counted apart, with the distilled history model', async () => {
  const { js, historyJs } = await widgetFiles();
  const name = (url) => url.pathname.replace(/.*\/web\//, 'web/');
  const history = historyJs.map(name);
  for (const module of ['web/widget/history-mode.mjs', 'web/history/distilled-history-model.mjs']) {
    assert.ok(history.includes(module), `${module} is counted`);
  }
  assert.ok(!js.some((url) => /\/history\/|\/history-/.test(name(url))));
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
