// The storefront's ?distilled mode: each widget in view explains the demo MLP's distilled GA2M in
// the browser, exactly (closed form), with the small distilled core only: no ONNX Runtime, no ONNX
// model, no other core. Its values are those the JS API gives in Node for the same row, and the
// reasons shown are the explanation's largest positive values.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createEngine } from '../../web/engine.mjs';
import { demo, demoRows, root } from '../js/demo-cli.mjs';
import { skipWithoutChromium, startBrowser } from './chromium.mjs';

const timeout = 90_000;
const engine = createEngine({ distilledCoreUrl: join(root, 'build/wasm/whyrec_distilled.mjs') });

let chromium;

before(async () => {
  if (!skipWithoutChromium) chromium = await startBrowser();
});

after(() => chromium?.stop());

// The positive values of at least 5% of the largest magnitude, largest first, at most 3.
function topPositive(values, names) {
  const largest = Math.max(...values.map(Math.abs));
  const shown = names.map((name, j) => ({ name, value: values[j] }));
  const strong = shown.filter(({ value }) => value > 0 && value >= 0.05 * largest);
  return strong
    .sort((a, b) => b.value - a.value)
    .slice(0, 3)
    .map(({ name }) => name);
}

test(
  '?distilled: exact reasons in the browser from the distilled core alone',
  { skip: skipWithoutChromium },
  async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(timeout);
    const requested = [];
    const problems = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    // Paths without the server's version prefix (/v/<hash>/).
    page
      .context()
      .on('request', (request) =>
        requested.push(new URL(request.url()).pathname.replace(/^\/v\/[^/]+/, '')),
      );
    await page.goto(`${chromium.origin}/web/storefront/?distilled`);
    await page.waitForFunction(() => {
      const widgets = [...document.querySelectorAll('why-recommended')];
      return widgets.length && widgets.slice(0, 4).every((widget) => widget.result);
    });
    const cards = await page.$$eval('why-recommended', (widgets) =>
      widgets
        .filter((widget) => widget.result)
        .map((widget) => ({
          instance: widget.instance,
          source: widget.result.source,
          explanation: widget.result.explanation,
          shown: [...widget.shadowRoot.querySelectorAll('[part~="reason"]')].map(
            (li) => li.dataset.feature,
          ),
        })),
    );
    assert.ok(cards.length >= 4, `${cards.length} widgets explained`);
    const { background } = await demoRows();
    const model = join(demo, 'ctr_mlp_distilled.json');
    for (const [i, card] of cards.entries()) {
      const { explanation } = card;
      assert.equal(card.source, 'browser');
      assert.equal(explanation.method, 'additive');
      assert.equal(explanation.output, 'margin');
      assert.deepEqual(explanation.std_errors[0], new Array(12).fill(0), 'exact');
      const node = await engine.explain({ model, instance: card.instance, background });
      node.values[0].forEach((v, j) =>
        assert.ok(Math.abs(explanation.values[0][j] - v) <= 1e-12, `card ${i}, feature ${j}`),
      );
      const expected = topPositive(explanation.values[0], explanation.feature_names);
      const below = explanation.model_output[0] <= explanation.base_value;
      assert.deepEqual(card.shown, below ? [''] : expected, `card ${i}`);
    }
    const fetched = (pattern) => requested.filter((path) => pattern.test(path));
    assert.deepEqual(fetched(/onnxruntime|\.onnx$|ort[.-]/), []);
    assert.deepEqual(fetched(/whyrec_(core|shapley|white_box)/), []);
    assert.deepEqual(fetched(/\/build\/wasm\//), [
      '/build/wasm/whyrec_distilled.mjs',
      '/build/wasm/whyrec_distilled.wasm',
    ]);
    assert.equal(fetched(/ctr_mlp_distilled\.json$/).length >= 1, true);
    assert.deepEqual(problems, []);
    await page.close();
  },
);
