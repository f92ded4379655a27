// <why-recommended> in Chromium: on the live storefront its reasons follow the explanation's
// values (a neutral line below the average), it computes only once visible, on the small core,
// with unique region labels and no layout shift; a hostile feature name stays text; the keyboard
// reaches a plain "how this was computed"; without WebAssembly it shows the precomputed
// explanation; tree and linear models load the white-box core only; a broken model URL or a
// missing reasons file shows shoppers nothing internal and gives developers the cause; preload()
// fetches a page's files once, before any widget names them.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { close as closeInNode, explain as explainInNode } from '../../web/whyrec.mjs';
import { demoRows } from '../js/demo-cli.mjs';
import { skipWithoutChromium, startBrowser } from './chromium.mjs';

const artifacts = new URL('../../test-artifacts/', import.meta.url);
const hostile = '<img src=x onerror=alert(1)>';
// Generous: on a busy 2-core machine the first ONNX Runtime session alone can take seconds.
const timeout = 90_000;

let chromium;

before(async () => {
  if (skipWithoutChromium) return;
  chromium = await startBrowser();
  await mkdir(artifacts, { recursive: true });
});

after(async () => {
  await chromium?.stop();
  await closeInNode();
});

/** A page with `body` at /web/widget/test.html, so relative URLs resolve as on a user's page. */
async function widgetPage(body, { withoutWebAssembly = false, init = null } = {}) {
  const page = await chromium.browser.newPage({ viewport: { width: 900, height: 700 } });
  page.setDefaultTimeout(timeout);
  const events = { problems: [], dialogs: [], requested: [] };
  page.on('pageerror', (error) => events.problems.push(error.message));
  // The context sees the worker's requests too.
  page.context().on('request', (request) => events.requested.push(new URL(request.url()).pathname));
  page.on('dialog', (dialog) => {
    events.dialogs.push(dialog.message());
    dialog.dismiss();
  });
  if (withoutWebAssembly) await page.addInitScript(() => delete globalThis.WebAssembly);
  if (init) await page.addInitScript(init);
  await page.route(`${chromium.origin}/web/widget/test.html`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body:
        '<!doctype html><meta charset="utf-8"><title>widget</title>' +
        '<script type="module" src="why-recommended.mjs"></script>' +
        body,
    }),
  );
  await page.goto(`${chromium.origin}/web/widget/test.html`);
  return { page, events };
}

// A precomputed explanation, as the CLI writes it, whose strongest reason is `names[0]`.
function precomputed(names) {
  return {
    method: 'exact',
    output: 'prob',
    feature_names: names,
    base_value: 0.2,
    values: [[0.3, 0.1, -0.05]],
    std_errors: [[0, 0, 0]],
    model_output: [0.55],
    evaluations: 800,
    seed: null,
    settings: { background_rows: 100, players: 3 },
  };
}

function whenRendered(page) {
  return page.waitForFunction(() => document.querySelector('why-recommended')?.result);
}

test(
  'live storefront: reasons ranked by value, computed only when visible, small core only',
  { skip: skipWithoutChromium },
  async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(timeout);
    const problems = [];
    const requested = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.context().on('request', (request) => requested.push(new URL(request.url()).pathname));
    // Layout shifts while the widgets compute: their space is reserved, so none should move cards.
    await page.addInitScript(() => {
      window.shifts = 0;
      new PerformanceObserver((list) => {
        for (const shift of list.getEntries()) window.shifts += shift.value;
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(`${chromium.origin}/web/storefront/?live`);
    await page.waitForFunction(() => document.querySelectorAll('why-recommended').length === 12);
    await page.waitForFunction(() => document.querySelector('why-recommended').result);
    const state = () =>
      page.$$eval('why-recommended', (widgets) => widgets.map((w) => Boolean(w.result)));
    await page.waitForFunction(() =>
      [...document.querySelectorAll('why-recommended')].slice(0, 8).every((w) => w.result),
    );
    assert.ok((await page.evaluate(() => window.shifts)) <= 0.02, 'CLS ≤ 0.02');
    const early = await state();
    assert.equal(early.at(-1), false, 'the last card, below the fold, has not computed');

    await page.locator('why-recommended').last().scrollIntoViewIfNeeded();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('why-recommended')].every((w) => w.result),
    );
    const widgets = await page.$$eval('why-recommended', (all) =>
      all.map((w) => ({
        source: w.result.source,
        values: w.result.explanation.values[0],
        names: w.result.explanation.feature_names,
        shown: [...w.shadowRoot.querySelectorAll('[part~="reason"]')].map((li) => ({
          feature: li.dataset.feature,
          text: li.querySelector('[part="text"]').textContent,
          width: parseFloat(li.querySelector('[part="bar-fill"]')?.style.width),
        })),
        region: w.shadowRoot.querySelector('section').getAttribute('aria-label'),
        isolated: crossOriginIsolated,
      })),
    );
    const regions = widgets.map((widget) => widget.region);
    assert.equal(new Set(regions).size, 12, `unique region labels: ${regions}`);
    let neutral = 0;
    for (const widget of widgets) {
      assert.equal(widget.source, 'browser');
      assert.equal(widget.isolated, false);
      // Below the average (values sum to ≤ 0): one neutral line, no bar.
      if (widget.values.reduce((sum, v) => sum + v, 0) <= 0) {
        assert.deepEqual(
          widget.shown.map((r) => [r.feature, r.text, r.width]),
          [['', 'Not one of your closest matches: suggested to widen your choice.', NaN]],
        );
        neutral++;
        continue;
      }
      const largest = Math.max(...widget.values.map(Math.abs));
      const expected = widget.names
        .map((name, j) => ({ name, value: widget.values[j] }))
        .filter(({ value }) => value > 0 && value >= 0.05 * largest)
        .sort((a, b) => b.value - a.value)
        .slice(0, 3)
        .map(({ name }) => name);
      assert.ok(widget.shown.length >= 1 && widget.shown.length <= 3);
      assert.deepEqual(
        widget.shown.map((r) => r.feature),
        expected,
      );
      const widths = widget.shown.map((r) => r.width);
      assert.deepEqual(
        widths,
        [...widths].sort((a, b) => b - a),
        'bars shrink with the value',
      );
      assert.ok(widget.shown.every((r) => r.text.length > 10 && !/[{}]/.test(r.text)));
    }
    assert.equal(page.workers().length, 1, 'every widget shares one worker');
    const cores = requested.filter((path) => /\/build\/wasm\/.*\.wasm$/.test(path));
    assert.deepEqual(
      [...new Set(cores.map((path) => path.replace(/.*\//, '')))],
      ['whyrec_shapley.wasm'],
      'explaining loads the small Shapley core, never the full one',
    );
    assert.ok(neutral < widgets.length, 'some items are above the average');
    assert.ok(!requested.some((path) => path.endsWith('candidates.csv')), 'recommendations given');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: new URL('storefront.png', artifacts).pathname });
    assert.deepEqual(problems, []);
  },
);

test('a hostile feature name renders as text', { skip: skipWithoutChromium }, async () => {
  const { page, events } = await widgetPage('<why-recommended></why-recommended>');
  await page.evaluate(
    ([explanation]) => (document.querySelector('why-recommended').explanation = explanation),
    [precomputed([hostile, 'b', 'c'])],
  );
  await whenRendered(page);
  const shown = await page.evaluate(() => {
    const widget = document.querySelector('why-recommended');
    return {
      text: widget.shadowRoot.querySelector('[part~="reason"]').textContent,
      images: widget.shadowRoot.querySelectorAll('img').length + document.images.length,
      source: widget.result.source,
    };
  });
  assert.equal(shown.source, 'precomputed');
  assert.ok(shown.text.includes(`${hostile} made this a better match`), shown.text);
  assert.equal(shown.images, 0);
  await page.waitForTimeout(100);
  assert.deepEqual(events.dialogs, []);
  assert.deepEqual(events.problems, []);
});

test('the keyboard reaches "how this was computed"', { skip: skipWithoutChromium }, async () => {
  const { page } = await widgetPage('<button>before</button><why-recommended></why-recommended>');
  await page.evaluate(
    ([explanation]) => (document.querySelector('why-recommended').explanation = explanation),
    [precomputed(['a', 'b', 'c'])],
  );
  await whenRendered(page);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const widget = document.querySelector('why-recommended');
    return {
      host: document.activeElement === widget,
      inside: widget.shadowRoot.activeElement?.textContent,
    };
  });
  assert.deepEqual(focused, { host: true, inside: 'How this was computed' });
  await page.keyboard.press('Enter');
  const opened = await page.evaluate(() => {
    const root = document.querySelector('why-recommended').shadowRoot;
    const details = root.querySelector('details');
    return {
      open: details.open,
      facts: [...root.querySelectorAll('dt')].map((dt) => dt.textContent),
      descriptions: [...root.querySelectorAll('dd')].map((dd) => dd.textContent),
      visible: root.querySelector('dl').getBoundingClientRect().height > 0,
      busy: root.querySelector('[part="container"]').getAttribute('aria-busy'),
    };
  });
  assert.equal(opened.open, true);
  assert.ok(opened.visible);
  // Plain facts for shoppers: no evaluation counts, no method jargon.
  assert.deepEqual(opened.facts, [
    'Method',
    'Computed',
    'Compared with',
    'Precision',
    'Match score',
  ]);
  assert.deepEqual(opened.descriptions, [
    "Each detail's share of the score",
    'In advance',
    '100 typical cases',
    'Exact',
    '0.55 (average 0.2)',
  ]);
  assert.equal(opened.busy, 'false');
});

test(
  'without WebAssembly it shows the precomputed explanation',
  { skip: skipWithoutChromium },
  async () => {
    const { page, events } = await widgetPage(
      `<why-recommended model="../../examples/demo/ctr_mlp.onnx" output="prob"
        background="../../examples/demo/background.csv"
        reasons="../../examples/demo/reasons.json"
        instance="[0, 0.5, 1, 5, 4.5, 20, 0.3, 0, 0.2, 10, 3, 2]"></why-recommended>`,
      { withoutWebAssembly: true },
    );
    const names = ['category_affinity', 'discount_pct', 'shipping_days'];
    await page.evaluate(
      ([explanation]) => (document.querySelector('why-recommended').explanation = explanation),
      [{ ...precomputed(names), data: [[0.5, 20, 2]] }],
    );
    await whenRendered(page);
    const shown = await page.evaluate(() => {
      const widget = document.querySelector('why-recommended');
      return {
        source: widget.result.source,
        first: widget.shadowRoot.querySelector('[part="text"]').textContent,
        where: [...widget.shadowRoot.querySelectorAll('dd')][1].textContent,
      };
    });
    assert.equal(shown.source, 'precomputed');
    // The explanation's own feature values fill the sentence.
    assert.equal(shown.first, 'From a category you browse often (50% of your recent views)');
    assert.equal(shown.where, 'In advance');
    assert.equal(page.workers().length, 0, 'no worker started');
    assert.deepEqual(events.problems, []);
  },
);

test(
  'tree and linear models: the white-box core alone explains them, as the API does in Node',
  { skip: skipWithoutChromium },
  async () => {
    const instance = [0, 0.5, 1, 5, 4.5, 20, 0.3, 0, 0.2, 10, 3, 2];
    const models = [
      ['../../examples/trees/ctr_xgb.json', ''],
      ['../../examples/trees/ctr_trees.onnx', 'method="tree"'],
      ['../../examples/demo/ctr_logistic.json', ''],
    ];
    const { page, events } = await widgetPage(
      models
        .map(
          ([model, extra]) =>
            `<why-recommended model="${model}" ${extra} instance="${JSON.stringify(instance)}"
              background="../../examples/demo/background.csv"></why-recommended>`,
        )
        .join(''),
    );
    await page.waitForFunction(() =>
      [...document.querySelectorAll('why-recommended')].every((w) => w.result),
    );
    const results = await page.$$eval('why-recommended', (all) =>
      all.map((w) => ({
        source: w.result.source,
        explanation: w.result.explanation,
        reasons: w.shadowRoot.querySelectorAll('[part~="reason"]').length,
      })),
    );
    const { background } = await demoRows();
    for (const [i, [model, extra]] of models.entries()) {
      const { source, explanation, reasons } = results[i];
      assert.equal(source, 'browser', model);
      assert.ok(reasons >= 1, `${model}: a reason is shown`);
      const inNode = await explainInNode({
        model: fileURLToPath(new URL(model, import.meta.url)),
        method: extra ? 'tree' : undefined,
        instance,
        background,
      });
      assert.equal(explanation.method, inNode.method, model);
      assert.ok(Math.abs(explanation.base_value - inNode.base_value) < 1e-9, `${model}: base`);
      explanation.values[0].forEach((value, j) =>
        assert.ok(Math.abs(value - inNode.values[0][j]) < 1e-9, `${model}: value ${j}`),
      );
    }
    const cores = events.requested.filter((path) => path.startsWith('/build/wasm/'));
    assert.deepEqual([...new Set(cores)].sort(), [
      '/build/wasm/whyrec_white_box.mjs',
      '/build/wasm/whyrec_white_box.wasm',
    ]);
    assert.ok(!events.requested.some((path) => path.includes('onnxruntime')), 'no ONNX Runtime');
    assert.deepEqual(events.problems, []);
  },
);

// Records every whyrec-error's detail (fields that cross into Node) and console warnings.
const recordErrors =
  '<script>addEventListener("whyrec-error", ({ detail: { message, url, status, fallback } }) =>' +
  ' (window.whyErrors ??= []).push({ message, url, status, fallback }));</script>';

function consoleWarnings(page) {
  const warnings = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  return warnings;
}

test(
  'a broken model URL: shoppers read a plain sentence, developers the URL and status',
  { skip: skipWithoutChromium },
  async () => {
    const { page, events } = await widgetPage(
      `${recordErrors}<why-recommended model="missing.onnx" output="prob"
        background="../../examples/demo/background.csv"
        instance="[0, 0.5, 1, 5, 4.5, 20, 0.3, 0, 0.2, 10, 3, 2]"></why-recommended>`,
    );
    const warnings = consoleWarnings(page);
    await page.waitForFunction(() => window.whyErrors?.length);
    const [detail] = await page.evaluate(() => window.whyErrors);
    const url = `${chromium.origin}/web/widget/missing.onnx`;
    assert.deepEqual(detail, {
      message: `could not load ${url}: HTTP 404`,
      url,
      status: 404,
      fallback: null,
    });
    await page.waitForFunction(() =>
      document.querySelector('why-recommended').shadowRoot.textContent.includes('not available'),
    );
    const shown = await page.evaluate(() => {
      const root = document.querySelector('why-recommended').shadowRoot;
      return {
        status: root.querySelector('[part="status"]').textContent,
        all: root.querySelector('section').innerText,
      };
    });
    assert.equal(shown.status, 'The reasons for this recommendation are not available right now.');
    assert.doesNotMatch(shown.all, /http|onnx|404|error/i, 'nothing internal for shoppers');
    assert.ok(
      warnings.some((text) => text.includes(url) && text.includes('HTTP 404')),
      `console: ${warnings}`,
    );

    // A file that is there but is no ONNX model: the message names it, then ONNX Runtime's reason.
    await page.evaluate(() => {
      window.whyErrors = [];
      document.querySelector('why-recommended').setAttribute('model', 'reasons.mjs');
    });
    await page.waitForFunction(() => window.whyErrors.length);
    const [notOnnx] = await page.evaluate(() => window.whyErrors);
    assert.match(
      notOnnx.message,
      new RegExp(
        `^could not read the ONNX model ${chromium.origin}/web/widget/reasons\\.mjs: .*protobuf`,
      ),
    );
    assert.equal(notOnnx.status, undefined);
    assert.deepEqual(events.problems, []);
  },
);

test(
  'a missing reasons file: readable feature names, a warning naming the file',
  { skip: skipWithoutChromium },
  async () => {
    const { page } = await widgetPage(
      `${recordErrors}<why-recommended reasons="no-such-reasons.json"></why-recommended>`,
    );
    const warnings = consoleWarnings(page);
    await page.evaluate(
      ([explanation]) => (document.querySelector('why-recommended').explanation = explanation),
      [precomputed(['price_vs_usual_spend', 'brand_affinity', 'x'])],
    );
    await whenRendered(page);
    const shown = await page.evaluate(() => {
      const root = document.querySelector('why-recommended').shadowRoot;
      return {
        heading: root.querySelector('h3').textContent,
        reasons: [...root.querySelectorAll('[part="text"]')].map((text) => text.textContent),
      };
    });
    assert.deepEqual(shown, {
      heading: 'Why we recommend this',
      reasons: [
        'Price vs usual spend made this a better match',
        'Brand affinity made this a better match',
      ],
    });
    // (Before the explanation was set, the widget had nothing to show: an error of its own.)
    const detail = (await page.evaluate(() => window.whyErrors)).at(-1);
    assert.equal(detail.status, 404);
    assert.equal(detail.fallback, 'plain wording');
    assert.match(detail.url, /\/web\/widget\/no-such-reasons\.json$/);
    assert.ok(
      warnings.some((text) => text.includes('no-such-reasons.json')),
      `${warnings}`,
    );
  },
);

test(
  'a distilled GA2M: explained in the page at once, also off-screen; other methods in the worker',
  { skip: skipWithoutChromium },
  async () => {
    const model = '../../examples/demo/ctr_mlp_distilled.json';
    const instance = [0, 0.5, 1, 5, 4.5, 20, 0.3, 0, 0.2, 10, 3, 2];
    const widget = (extra) =>
      `<why-recommended model="${model}" ${extra} instance="${JSON.stringify(instance)}"
        background="../../examples/demo/background.csv"></why-recommended>`;
    // Each widget's whyrec-reasons events, by its place on the page.
    const countEvents = () => {
      window.reasonEvents = [0, 0, 0];
      addEventListener('whyrec-reasons', (event) => {
        window.reasonEvents[
          [...document.querySelectorAll('why-recommended')].indexOf(event.target)
        ]++;
      });
    };
    const { page, events } = await widgetPage(
      `${widget('')}<div style="height: 3000px"></div>${widget('')}${widget('method="kernel"')}`,
      { init: countEvents },
    );
    // The two closed-form widgets, the second far below the fold, explain without being seen.
    await page.waitForFunction(() =>
      [...document.querySelectorAll('why-recommended')].slice(0, 2).every((w) => w.result),
    );
    const kernelBeforeSeen = await page.$$eval('why-recommended', (all) => all[2].result);
    assert.equal(kernelBeforeSeen, null, 'the worker explains only what is seen');
    await page.$$eval('why-recommended', (all) => all[2].scrollIntoView());
    await page.waitForFunction(() => document.querySelectorAll('why-recommended')[2].result);
    const results = await page.$$eval('why-recommended', (all) => all.map((w) => w.result));
    const { background } = await demoRows();
    const exact = await explainInNode({
      model: fileURLToPath(new URL(model, import.meta.url)),
      instance,
      background,
    });
    for (const { source, explanation } of results.slice(0, 2)) {
      assert.equal(source, 'browser');
      assert.deepEqual(explanation, exact, 'the JS API values, to the bit');
    }
    // Scrolling past the second widget did not explain it again.
    await page.$$eval('why-recommended', (all) => all[1].scrollIntoView());
    await page.waitForTimeout(300);
    assert.deepEqual(await page.evaluate(() => window.reasonEvents), [1, 1, 1], 'once each');
    const kernel = results[2].explanation;
    assert.equal(kernel.method, 'kernel');
    kernel.values[0].forEach((value, j) =>
      assert.ok(Math.abs(value - exact.values[0][j]) < 0.05, `kernel value ${j}`),
    );
    const cores = events.requested.filter((path) => path.startsWith('/build/wasm/'));
    assert.deepEqual([...new Set(cores)].sort(), [
      '/build/wasm/whyrec_distilled.mjs',
      '/build/wasm/whyrec_distilled.wasm',
      '/build/wasm/whyrec_shapley.mjs',
      '/build/wasm/whyrec_shapley.wasm',
    ]);
    assert.equal(events.requested.filter((path) => path.endsWith('distilled.json')).length, 2);
    assert.deepEqual(events.problems, []);
    await page.close();
  },
);

test(
  'preload(): the files fetched before any widget names them, once for all widgets',
  { skip: skipWithoutChromium },
  async () => {
    const demo = '../../examples/demo/';
    const batch = '../storefront/precomputed/explanations/u001.json';
    const instance = [0, 0.5, 1, 5, 4.5, 20, 0.3, 0, 0.2, 10, 3, 2];
    const { page, events } = await widgetPage(
      `<script type="module">
        import { preload } from './why-recommended.mjs';
        preload({ model: '${demo}ctr_mlp_distilled.json', background: '${demo}background.csv',
          reasons: '${demo}reasons.json', explanation: '${batch}' });
        // Other models load in the worker, when a widget is seen: nothing to start here.
        preload({ model: '${demo}ctr_mlp.onnx' });
      </script>`,
    );
    const files = ['ctr_mlp_distilled.json', 'background.csv', 'reasons.json', 'u001.json'];
    await page.waitForFunction(
      (names) =>
        names.every((name) =>
          performance.getEntriesByType('resource').some((entry) => entry.name.endsWith(name)),
        ),
      files,
    );
    assert.equal(await page.$$eval('why-recommended', (all) => all.length), 0, 'no widget yet');
    await page.evaluate(
      ({ demo, batch, instance }) => {
        const attributes = {
          model: `${demo}ctr_mlp_distilled.json`,
          background: `${demo}background.csv`,
          reasons: `${demo}reasons.json`,
          instance: JSON.stringify(instance),
        };
        for (let i = 0; i < 3; i++) {
          const why = document.createElement('why-recommended');
          for (const [name, value] of Object.entries(attributes)) why.setAttribute(name, value);
          document.body.append(why);
        }
        const precomputed = document.createElement('why-recommended');
        precomputed.setAttribute('explanation', batch);
        precomputed.setAttribute('row', '2');
        precomputed.setAttribute('reasons', `${demo}reasons.json`);
        document.body.append(precomputed);
      },
      { demo, batch, instance },
    );
    await page.waitForFunction(() =>
      [...document.querySelectorAll('why-recommended')].every((w) => w.result),
    );
    const results = await page.$$eval('why-recommended', (all) =>
      all.map((w) => ({ source: w.result.source, reasons: w.result.reasons.length })),
    );
    assert.deepEqual(
      results.map((r) => r.source),
      ['browser', 'browser', 'browser', 'precomputed'],
    );
    assert.ok(results.every((r) => r.reasons >= 1));
    for (const file of files) {
      assert.equal(events.requested.filter((path) => path.endsWith(file)).length, 1, file);
    }
    assert.ok(!events.requested.some((path) => path.endsWith('.onnx')), 'no ONNX model');
    assert.ok(!events.requested.some((path) => path.startsWith('/build/wasm/')), 'no core');
    assert.deepEqual(events.problems, []);
    await page.close();
  },
);

test(
  'a model attribute that is no URL: an apology and the cause, no uncaught error',
  {
    skip: skipWithoutChromium,
  },
  async () => {
    const { page, events } = await widgetPage(
      `${recordErrors}<why-recommended model="http://[bad.json"
      background="../../examples/demo/background.csv"
      instance="[0, 0.5, 1, 5, 4.5, 20, 0.3, 0, 0.2, 10, 3, 2]"></why-recommended>`,
    );
    await page.waitForFunction(() => window.whyErrors?.length);
    const [detail] = await page.evaluate(() => window.whyErrors);
    assert.match(detail.message, /URL/);
    const status = await page.evaluate(
      () =>
        document.querySelector('why-recommended').shadowRoot.querySelector('[part="status"]')
          .textContent,
    );
    assert.equal(status, 'The reasons for this recommendation are not available right now.');
    assert.deepEqual(events.problems, []);
    await page.close();
  },
);
