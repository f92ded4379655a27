// The size budget of issue #6: what <why-recommended> downloads, ONNX Runtime excepted (its own
// JS modules and the core's module and WebAssembly), is at most 150 KB gzipped.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { widgetFiles, widgetSize } from '../../bench/widget-size.mjs';

const budget = 150_000;
const core = new URL('../../build/wasm/whyrec_shapley.wasm', import.meta.url);

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
  'widget JS + core WebAssembly ≤ 150 KB gzipped',
  { skip: !existsSync(core) && 'build/wasm is not built: npm run build' },
  async () => {
    const size = await widgetSize();
    const total = size.jsGzip + size.coreGzip;
    assert.ok(total <= budget, `${total} bytes: JS ${size.jsGzip}, core ${size.coreGzip}`);
  },
);
