// The size budget of issue #6: what <why-recommended> downloads, the model's runtime excepted
// (its own JS modules and the core its model needs, module and WebAssembly), is at most 150 KB
// gzipped, for ONNX models (the Shapley core) and for tree models (the white-box core).
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

test(
  'widget JS + either core ≤ 150 KB gzipped',
  { skip: !existsSync(core) && 'build/wasm is not built: npm run build' },
  async () => {
    const { jsGzip, shapleyCore, whiteBoxCore } = await widgetSize();
    for (const [name, { gzip }] of [
      ['Shapley', shapleyCore],
      ['white-box', whiteBoxCore],
    ]) {
      const total = jsGzip + gzip;
      assert.ok(total <= budget, `${name}: ${total} bytes: JS ${jsGzip}, core ${gzip}`);
    }
  },
);
