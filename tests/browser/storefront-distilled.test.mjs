// The storefront's ?distilled mode: each widget in view explains the demo MLP's distilled GA2M
// (the search's pick, examples/demo/ctr_mlp_picked.json) in the page itself, exactly (closed
// form): no worker, no WebAssembly core, no ONNX Runtime, no ONNX model. Its values are those the
// JS API gives in Node for the same row (its distilled core), and the reasons shown are the
// explanation's largest positive values.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createEngine } from '../../web/engine.mjs';
import { demo, demoRows, root } from '../js/demo-cli.mjs';
import { skipWithoutChromium, startBrowser } from './chromium.mjs';
import { expectedFeatures, watchedPage } from './storefront-page.mjs';

const timeout = 90_000;
const engine = createEngine({ distilledCoreUrl: join(root, 'build/wasm/whyrec_distilled.mjs') });

let chromium;

before(async () => {
  if (!skipWithoutChromium) chromium = await startBrowser();
});

after(() => chromium?.stop());

test(
  '?distilled: exact reasons in the page, no worker and no core',
  { skip: skipWithoutChromium },
  async () => {
    const { page, requested, problems } = await watchedPage(chromium, timeout);
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
    const model = join(demo, 'ctr_mlp_picked.json');
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
      const expected = expectedFeatures(explanation.values[0], explanation.feature_names);
      const below = explanation.model_output[0] <= explanation.base_value;
      assert.deepEqual(card.shown, below ? [''] : expected, `card ${i}`);
    }
    const fetched = (pattern) => requested.filter((path) => pattern.test(path));
    assert.deepEqual(fetched(/onnxruntime|\.onnx$|ort[.-]/), []);
    // The widget is the bundled module alone: no JS API, no worker, no core.
    assert.deepEqual(fetched(/\/(whyrec|worker|chunk-[^/]*)\.mjs$|\/build\/wasm\//), []);
    assert.deepEqual(fetched(/\/widget\//), []);
    assert.deepEqual(fetched(/\/build\/web\//), ['/build/web/why-recommended.mjs']);
    assert.equal(page.workers().length, 0, 'no worker started');
    // Each read once for every widget, by the page's preload and the widget module's preload().
    for (const file of [/ctr_mlp_picked\.json$/, /background\.csv$/, /reasons\.json$/]) {
      assert.equal(fetched(file).length, 1, String(file));
    }
    // The shopper's recommendations; no explanations (the menu's list may come later).
    assert.deepEqual(fetched(/precomputed\/(?!shoppers)/), [
      '/web/storefront/precomputed/recommendations/u001.json',
    ]);
    assert.deepEqual(problems, []);
    await page.close();
  },
);
