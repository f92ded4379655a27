// The MovieLens page in Chromium: pick a user, see the top 10 the SASRec model recommends from
// their history (computed in the browser), explain one: a timeline cell per history item, the
// reason, the attention and the faithfulness numbers, also at a phone's width. And
// <why-recommended> in history mode: "Because you watched …", from the full core; from a distilled
// item-to-item model, by its terms in the small distilled core with no ONNX Runtime; on the planted
// model, the planted trigger is the reason; and from a precomputed explanation whose titles look
// like HTML (this one needs no model).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import * as whyrec from '../../web/whyrec.mjs';
import { parseItemsCsv } from '../../web/widget/items-csv.mjs';
import { skipWithoutChromium, startBrowser } from './chromium.mjs';

const artifacts = new URL('../../test-artifacts/', import.meta.url);
const movielens = new URL('../../examples/movielens/', import.meta.url);
const planted = new URL('planted/', movielens);
const core = new URL('../../build/wasm/whyrec_core.wasm', import.meta.url);
// Generous: on a busy 2-core machine the first ONNX Runtime session alone can take seconds.
const timeout = 120_000;

const skipWithout = (model) =>
  skipWithoutChromium ||
  (typeof whyrec.explainHistory !== 'function' && 'web/whyrec.mjs has no explainHistory') ||
  (!existsSync(model) && `${model.pathname} is absent`) ||
  (!existsSync(core) && 'build/wasm is not built: npm run build');
const skip = skipWithout(new URL('sasrec.onnx', movielens));

// The page's users in sessions.csv order; user index 1 has a full window of 50 films.
const userIndex = 1;

let chromium;
let history;
let names;

before(async () => {
  if (skipWithoutChromium) return;
  chromium = await startBrowser();
  await mkdir(artifacts, { recursive: true });
  const lines = (await readFile(new URL('histories.csv', movielens), 'utf8'))
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  history = lines[userIndex].split(',').map(Number);
  const items = parseItemsCsv(await readFile(new URL('items.csv', movielens), 'utf8'));
  names = history.map((id) => items.get(id).name);
});

after(() => chromium?.stop());

/** A page at /web/widget/history.html with `body`, so relative URLs resolve as on a user's page. */
async function widgetPage(body, initScript = null) {
  const { page, events } = await openPage(null, { width: 900, height: 700 });
  if (initScript) await page.addInitScript(initScript);
  await page.route(`${chromium.origin}/web/widget/history.html`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body:
        '<!doctype html><meta charset="utf-8"><title>widget</title>' +
        '<script type="module" src="why-recommended.mjs"></script>' +
        body,
    }),
  );
  await page.goto(`${chromium.origin}/web/widget/history.html`);
  return { page, events };
}

async function openPage(path, viewport) {
  const page = await chromium.browser.newPage({ viewport });
  page.setDefaultTimeout(timeout);
  const events = { problems: [], dialogs: [], requested: [] };
  page.on('pageerror', (error) => events.problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') events.problems.push(message.text());
  });
  page.on('response', (response) => {
    if (response.status() >= 400) events.problems.push(`${response.url()}: ${response.status()}`);
  });
  page.context().on('request', (request) => events.requested.push(new URL(request.url()).pathname));
  page.on('dialog', (dialog) => {
    events.dialogs.push(dialog.message());
    dialog.dismiss();
  });
  if (path) await page.goto(`${chromium.origin}${path}`);
  return { page, events };
}

/** Once every widget has its result: what each shows (sentence, named items, facts) and its result. */
async function shownWidgets(page) {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('why-recommended')].every((w) => w.result),
  );
  return page.$$eval('why-recommended', (all) =>
    all.map((w) => ({
      source: w.result.source,
      explanation: w.result.explanation,
      text: w.shadowRoot.querySelector('[part="text"]').textContent,
      named: [...w.shadowRoot.querySelectorAll('[part="name"]')].map((em) => em.textContent),
      facts: [...w.shadowRoot.querySelectorAll('dd')].map((dd) => dd.textContent),
    })),
  );
}

/** Picks the user, waits for 10 recommendations and explains the first. */
async function explainFirst(page) {
  await page.waitForSelector('#user:not([disabled])');
  await page.selectOption('#user', String(userIndex));
  await page.waitForFunction(
    () => document.querySelectorAll('#recommendations .item').length === 10,
  );
  await page.locator('#recommendations .item').first().click();
  await page.waitForSelector('#timeline svg');
  await page.waitForSelector('#attention svg');
}

test('the MovieLens page recommends and explains a film by the history', { skip }, async () => {
  const { page, events } = await openPage('/web/movielens/', { width: 1280, height: 1000 });
  await page.waitForSelector('#user:not([disabled])');
  assert.ok((await page.locator('#user option').count()) > 100, 'a user per line');
  await page.selectOption('#user', String(userIndex));
  await page.waitForFunction(
    () => document.querySelectorAll('#recommendations .item').length === 10,
  );
  const listed = await page.$$eval('#recommendations .item', (items) =>
    items.map((item) => ({
      id: Number(item.dataset.itemId),
      score: Number(item.dataset.score),
      title: item.querySelector('.item-title').textContent,
    })),
  );
  const scores = listed.map((item) => item.score);
  assert.deepEqual(
    scores,
    [...scores].sort((a, b) => b - a),
    'ranked by score',
  );
  for (const { id, title } of listed) {
    assert.ok(!history.includes(id), `${id} is not in the history`);
    assert.ok(title.length > 0 && !title.startsWith('item '), `${id} has its title`);
  }
  assert.equal(await page.locator('#history li').count(), 10, 'the last 10 films');
  assert.equal(await page.textContent('#history-earlier'), `and ${history.length - 10} earlier`);

  await page.locator('#recommendations .item').first().click();
  await page.waitForSelector('#timeline svg');
  await page.waitForSelector('#attention svg');
  const shown = await page.evaluate(() => ({
    cells: document.querySelectorAll('#timeline g[aria-label="cell"] rect').length,
    titles: [...document.querySelectorAll('#timeline g[aria-label="cell"] rect title')].map(
      (title) => title.textContent.split('\n')[0],
    ),
    reason: document.getElementById('reason').textContent,
    named: [...document.querySelectorAll('#reason em')].map((em) => em.textContent),
    output: Number(document.getElementById('model-output').dataset.value),
    evaluations: Number(document.getElementById('evaluations').dataset.value),
    elapsed: Number(document.getElementById('elapsed').dataset.value),
    faithfulness: [...document.querySelectorAll('#faithfulness td')].map((td) => td.textContent),
    areas: ['deletion-area', 'insertion-area'].map((id) => document.getElementById(id).textContent),
    layers: [...document.querySelectorAll('#layer option')].map((option) => option.value),
  }));
  assert.equal(shown.cells, history.length, 'one cell per history item');
  assert.deepEqual(shown.titles, names, 'the films, oldest first');
  assert.match(shown.reason, /^(Because you watched .+|No item in your history made .+)$/);
  for (const name of shown.named) assert.ok(shown.titles.includes(name), `${name} is watched`);
  assert.ok(Math.abs(shown.output - listed[0].score) < 1e-4, `score ${shown.output}`);
  assert.ok(shown.evaluations >= 400, `${shown.evaluations} model rows`);
  assert.ok(shown.elapsed > 0);
  assert.equal(shown.faithfulness.length, 6);
  for (const text of [...shown.faithfulness, ...shown.areas]) assert.match(text, /^-?\d+\.\d{3}$/);

  // One layer's attention: a cell per pair of history items.
  assert.ok(shown.layers.length >= 2, `layers ${shown.layers}`);
  await page.selectOption('#layer', '0');
  await page.waitForFunction(
    (n) => document.querySelectorAll('#attention g[aria-label="cell"] rect').length === n * n,
    history.length,
  );
  await page.screenshot({ path: new URL('movielens.png', artifacts).pathname, fullPage: true });

  // Another method replaces the explanation.
  await page.selectOption('#method', 'occlusion');
  await page.waitForSelector('#results[data-method="occlusion"]');
  await page.waitForFunction(() => document.getElementById('status').textContent === '');
  assert.equal(await page.locator('#budget').isDisabled(), true);
  assert.equal(await page.locator('#timeline g[aria-label="cell"] rect').count(), history.length);
  assert.deepEqual(events.problems, []);
  assert.deepEqual(events.dialogs, []);
});

test('at a phone’s width (390 px) nothing runs off the page', { skip }, async () => {
  const { page, events } = await openPage('/web/movielens/', { width: 390, height: 844 });
  await explainFirst(page);
  const sizes = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    charts: ['timeline', 'attention'].map((id) => {
      const box = document.getElementById(id);
      return {
        box: box.clientWidth,
        // Drawn for the box, not shrunk into it (which would shrink the text too).
        svg: Math.max(
          ...[...box.querySelectorAll('svg')].map((s) => Number(s.getAttribute('width'))),
        ),
      };
    }),
  }));
  assert.ok(sizes.page <= 390, `the page is ${sizes.page} px wide`);
  for (const { box, svg } of sizes.charts) assert.ok(svg <= box + 1, `${svg} px in ${box} px`);
  await page.screenshot({ path: new URL('movielens-390.png', artifacts).pathname, fullPage: true });
  assert.deepEqual(events.problems, []);
});

test('<why-recommended> in history mode: "Because you watched …"', { skip }, async () => {
  const { page, events } = await widgetPage(
    `<why-recommended history="${history.join(' ')}"
      model="../../examples/movielens/sasrec.onnx"
      items="../../examples/movielens/items.csv"></why-recommended>` +
      `<why-recommended history="${history.slice(-10).join(',')}" verb="viewed" max-reasons="1"
      model="../../examples/movielens/sasrec.onnx"
      items="../../examples/movielens/items.csv"></why-recommended>`,
  );
  const widgets = await shownWidgets(page);
  const [full, recent] = widgets;
  assert.match(full.text, /^Because you watched \S/);
  assert.match(recent.text, /^Because you viewed \S/);
  assert.ok(full.named.length >= 1 && full.named.length <= 3, full.text);
  assert.equal(recent.named.length, 1, 'max-reasons="1"');
  for (const [widget, items] of [
    [full, history],
    [recent, history.slice(-10)],
  ]) {
    const { explanation } = widget;
    assert.equal(widget.source, 'browser');
    assert.equal(explanation.method, 'kernel');
    assert.equal(explanation.seed, 1);
    assert.deepEqual(explanation.history[0], items);
    for (const name of widget.named) assert.ok(explanation.feature_names[0].includes(name));
    assert.ok(!widget.named.some((name) => name.startsWith('item ')), 'titles from items.csv');
    // Kernel SHAP keeps efficiency exactly: the values add up to output − base value.
    const total = explanation.values[0].reduce((sum, value) => sum + value, 0);
    const gap = explanation.model_output[0] - explanation.base_value[0];
    assert.ok(Math.abs(total - gap) < 1e-3 * Math.max(1, Math.abs(gap)), `${total} vs ${gap}`);
    assert.ok(widget.facts.includes(`${items.length} items`), widget.facts.join('|'));
  }
  const cores = new Set(events.requested.filter((path) => path.startsWith('/build/wasm/')));
  assert.ok(cores.has('/build/wasm/whyrec_core.wasm'), [...cores].join(', '));
  assert.deepEqual(events.problems, []);
});

test(
  'history mode, precomputed: HTML-looking titles stay text; no positive item, no "because"',
  { skip: skipWithoutChromium },
  async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const { page, events } = await widgetPage(
      '<why-recommended history="1 2 3"></why-recommended>' +
        '<why-recommended history="1 2 3" verb="bought"></why-recommended>',
    );
    const explanation = (values) => ({
      method: 'kernel',
      output: 'score',
      feature_names: [[hostile, 'Heat (1995)', 'Ronin (1998)']],
      values: [values],
      std_errors: [[0.01, 0.01, 0.01]],
      base_value: [1],
      model_output: [1 + values.reduce((sum, v) => sum + v, 0)],
      evaluations: 400,
      seed: 1,
      history: [[1, 2, 3]],
      target: [9],
      player_items: [[[0], [1], [2]]],
    });
    await page.evaluate(
      ([first, second]) => {
        const [a, b] = document.querySelectorAll('why-recommended');
        a.explanation = first;
        b.explanation = second;
      },
      [explanation([0.5, 0.4, 0.3]), explanation([-0.3, -0.1, 0])],
    );
    await page.waitForFunction(() =>
      [...document.querySelectorAll('why-recommended')].every((w) => w.result),
    );
    const shown = await page.$$eval('why-recommended', (all) =>
      all.map((w) => ({
        source: w.result.source,
        text: w.shadowRoot.querySelector('[part="text"]').textContent,
        named: [...w.shadowRoot.querySelectorAll('[part="name"]')].map((em) => em.textContent),
        bars: w.shadowRoot.querySelectorAll('[part="bar"]').length,
        images: w.shadowRoot.querySelectorAll('img').length + document.images.length,
        facts: [...w.shadowRoot.querySelectorAll('dd')].map((dd) => dd.textContent),
      })),
    );
    const [positive, none] = shown;
    assert.equal(positive.source, 'precomputed');
    assert.equal(positive.text, `Because you watched ${hostile} and Heat (1995)`);
    assert.deepEqual(positive.named, [hostile, 'Heat (1995)']);
    assert.equal(positive.bars, 1);
    assert.ok(positive.facts.includes('3 items'));
    assert.ok(positive.facts.includes('2.2 (without your history 1)'), positive.facts.join('|'));
    assert.equal(none.text, 'No item in your history made this a stronger match');
    assert.equal(none.bars, 0, 'a statement, not a reason to weigh');
    assert.ok(shown.every((widget) => widget.images === 0));
    await page.waitForTimeout(100);
    assert.deepEqual(events.dialogs, []);
    assert.deepEqual(events.problems, []);
    assert.equal(page.workers().length, 0, 'no worker started');
  },
);

test(
  '<why-recommended> on a distilled history model: its own terms, in the page, to the bit',
  { skip: skipWithout(new URL('sasrec_distilled.json', movielens)) },
  async () => {
    const { page, events } = await widgetPage(
      `<why-recommended history="${history.join(' ')}"
        model="../../examples/movielens/sasrec_distilled.json"
        items="../../examples/movielens/items.csv"></why-recommended>` +
        `<why-recommended history="${history.slice(-10).join(' ')}" item="50" verb="viewed"
        model="../../examples/movielens/sasrec_distilled.json"
        items="../../examples/movielens/items.csv"></why-recommended>`,
    );
    const widgets = await shownWidgets(page);
    // The same requests in Node, by the full core: the widget shows the model's terms.
    const model = new URL('sasrec_distilled.json', movielens).pathname;
    const expected = [
      await whyrec.explainHistory({ model, history, itemNames: names }),
      await whyrec.explainHistory({
        model,
        history: history.slice(-10),
        target: 50,
        itemNames: names.slice(-10),
      }),
    ];
    for (const [i, widget] of widgets.entries()) {
      const { explanation } = widget;
      assert.equal(widget.source, 'browser');
      assert.equal(explanation.method, 'item_to_item');
      // The page's terms are the core's to the bit (web/distilled/item-to-item.mjs).
      assert.deepEqual(explanation, expected[i], `widget ${i}`);
      // The largest positive term is named first.
      const values = explanation.values[0];
      const largest = values.indexOf(Math.max(...values));
      if (values[largest] > 0) assert.equal(widget.named[0], explanation.feature_names[0][largest]);
      assert.ok(widget.facts.includes('Exact'), widget.facts.join('|'));
      assert.ok(widget.facts.includes("Each detail's share of the score"));
    }
    assert.match(widgets[0].text, /^(Because you watched \S|No item in your history)/);
    assert.match(widgets[1].text, /^(Because you viewed \S|No item in your history)/);
    assert.deepEqual(widgets[1].explanation.target, [50]);
    // No core, no worker, no JS API, no ONNX Runtime: the model is read and explained in the page.
    assert.deepEqual(
      events.requested.filter((path) =>
        /\/build\/|whyrec\.mjs|onnxruntime|ort[.-]|\.onnx$/.test(path),
      ),
      [],
    );
    assert.equal(page.workers().length, 0, 'no worker started');
    assert.deepEqual(events.problems, []);
  },
);

test(
  'a history widget on a JSON model the page cannot read: the JS API names the problem',
  { skip: skipWithout(new URL('sasrec_distilled.json', movielens)) },
  async () => {
    const { page } = await widgetPage(
      `<why-recommended history="${history.join(' ')}"
        model="../../examples/demo/ctr_mlp_picked.json"></why-recommended>`,
      () => {
        window.errors = [];
        addEventListener('whyrec-error', (event) => window.errors.push(event.detail.message));
      },
    );
    await page.waitForFunction(() => window.errors.length > 0);
    const [message] = await page.evaluate(() => window.errors);
    assert.match(message, /a history model is an ONNX file or a distilled item-to-item model/);
    await page.close();
  },
);

test(
  'history mode on the planted model: the planted trigger is the reason',
  { skip: skipWithout(new URL('planted.onnx', planted)) },
  async () => {
    // A held-out history holds the trigger T = 7 once; the model recommends R = 13 for it.
    const text = await readFile(new URL('test_histories.csv', planted), 'utf8');
    const histories = text
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '')
      .slice(0, 2);
    const { page, events } = await widgetPage(
      histories
        .map(
          (line) =>
            `<why-recommended history="${line}" item="13" model="../../examples/movielens/planted/planted.onnx"
              items="../../examples/movielens/planted/items.csv"></why-recommended>`,
        )
        .join(''),
    );
    await page.waitForFunction(() =>
      [...document.querySelectorAll('why-recommended')].every((w) => w.result),
    );
    const shown = await page.$$eval('why-recommended', (all) =>
      all.map((w) => ({
        text: w.shadowRoot.querySelector('[part="text"]').textContent,
        named: [...w.shadowRoot.querySelectorAll('[part="name"]')].map((em) => em.textContent),
        target: w.result.explanation.target[0],
      })),
    );
    for (const widget of shown) {
      assert.equal(widget.target, 13);
      assert.match(widget.text, /^Because you watched Item 7 \(trigger T\)/);
      assert.equal(widget.named[0], 'Item 7 (trigger T)');
    }
    assert.deepEqual(events.problems, []);
  },
);
