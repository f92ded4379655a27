// <why-recommended counterfactual> in history mode, in Chromium: after "Because you watched …" it
// says "You'd see other picks if you hadn't watched X" exactly when the JS API's counterfactual
// search (method 'counterfactual', k 1, same history and titles) finds one or two items, naming
// those items, and the edited history's top pick is indeed another item (scored again). On the
// planted model the removed item is the planted trigger. No line without the attribute, nor for
// an item that is not the top pick (no removal can make it stop being one); no console errors.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { parseItemsCsv } from '../../web/widget/items-csv.mjs';
import { skipWithoutChromium, startBrowser } from './chromium.mjs';

const movielens = new URL('../../examples/movielens/', import.meta.url);
const planted = new URL('planted/', movielens);
const core = new URL('../../build/wasm/whyrec_core.wasm', import.meta.url);
const skip =
  skipWithoutChromium ||
  (!existsSync(new URL('sasrec.onnx', movielens)) && 'examples/movielens/sasrec.onnx is absent') ||
  (!existsSync(new URL('planted.onnx', planted)) && 'the planted model is absent') ||
  (!existsSync(core) && 'build/wasm is not built: npm run build');
const line = "You'd see other picks if you hadn't watched ";

let chromium;

before(async () => {
  if (!skip) chromium = await startBrowser();
});

after(() => chromium?.stop());

async function lines(url) {
  return (await readFile(url, 'utf8')).split(/\r?\n/).filter((text) => text.trim() !== '');
}

async function titlesOf(url) {
  const items = parseItemsCsv(await readFile(url, 'utf8'));
  return Object.fromEntries([...items].map(([id, item]) => [id, item.name]));
}

/**
 * A page at /web/widget/counterfactual.html holding `body`; problems: errors and failed loads;
 * requested: every URL the page and its workers asked for.
 */
async function widgetPage(body) {
  const page = await chromium.browser.newPage({ viewport: { width: 900, height: 900 } });
  page.setDefaultTimeout(120_000);
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.url()}: ${r.status()}`));
  const requested = [];
  page.on('request', (request) => requested.push(request.url()));
  const url = `${chromium.origin}/web/widget/counterfactual.html`;
  await page.route(url, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body:
        '<!doctype html><meta charset="utf-8"><title>widget</title>' +
        '<script type="module" src="why-recommended.mjs"></script>' +
        body,
    }),
  );
  await page.goto(url);
  return { page, problems, requested };
}

const widget = ({ history, model, items, extra = '' }) =>
  `<why-recommended history="${history.join(' ')}" model="${model}" items="${items}" ${extra}>` +
  '</why-recommended>';

/**
 * Each widget's text, emphasised names, reason and explanation, once all have their final results
 * (the reasons come first, then again with the line: the widget is busy until its search ends).
 */
async function shown(page) {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('why-recommended')].every(
      (w) =>
        w.result &&
        w.shadowRoot.querySelector('[part="container"]').getAttribute('aria-busy') === 'false',
    ),
  );
  return page.$$eval('why-recommended', (all) =>
    all.map((w) => ({
      text: w.shadowRoot.querySelector('[part="text"]').textContent,
      named: [...w.shadowRoot.querySelectorAll('[part="name"]')].map((em) => em.textContent),
      counterfactual: w.result.reasons[0].counterfactual,
      target: w.result.explanation.target[0],
      history: w.result.explanation.history[0],
    })),
  );
}

/**
 * The API's counterfactual for the widget's request, and whether, scored again, the target is
 * beaten on the edited history: an item that history lacks scores above it (ties to the lower
 * id), the target's own score read by a separate explanation.
 */
function apiCounterfactual(page, { model, history, target, itemNames }) {
  return page.evaluate(
    async ({ model, history, target, itemNames }) => {
      const { explainHistory, recommend } = await import('/web/whyrec.mjs');
      const url = new URL(model, location.href).href;
      const found = await explainHistory({
        model: url,
        history,
        target,
        itemNames,
        method: 'counterfactual',
        k: 1,
      });
      const edited = found.counterfactual_history[0];
      if (!edited) return { found, beaten: null };
      const [top] = await recommend({ model: url, histories: [edited], k: 2 });
      // A distilled model's own terms (method 'exact') add up to its score.
      const own = await explainHistory({
        model: url,
        history: edited,
        target,
        method: url.endsWith('.json') ? 'exact' : 'occlusion',
      });
      const score = own.model_output[0];
      const at = top.items[0] === target ? 1 : 0;
      const [best, bestScore] = [top.items[at], top.scores[at]];
      return { found, beaten: bestScore > score || (bestScore === score && best < target) };
    },
    { model, history, target, itemNames },
  );
}

test(
  'the line names what the API finds, and only when it finds one or two items',
  { skip },
  async () => {
    const titles = await titlesOf(new URL('items.csv', movielens));
    const histories = (await lines(new URL('histories.csv', movielens))).map((text) =>
      text.split(',').map(Number),
    );
    const sasrec = {
      model: '../../examples/movielens/sasrec.onnx',
      items: '../../examples/movielens/items.csv',
    };
    const { page, problems } = await widgetPage(
      [0, 10]
        .map((row) => widget({ ...sasrec, history: histories[row], extra: 'counterfactual' }))
        .join('') + widget({ ...sasrec, history: histories[0] }),
    );
    const [first, second, plain] = await shown(page);
    for (const shownWidget of [first, second]) {
      const { history, target } = shownWidget;
      const itemNames = history.map((id) => titles[id]);
      const { found, beaten } = await apiCounterfactual(page, {
        model: sasrec.model,
        history,
        target,
        itemNames,
      });
      const removed = found.edited_names[0];
      if (found.found[0] && removed.length <= 2) {
        const list = removed.join(' and ');
        assert.ok(shownWidget.text.endsWith(`. ${line}${list}`), shownWidget.text);
        assert.deepEqual(shownWidget.named.slice(-removed.length), removed);
        assert.deepEqual(
          shownWidget.counterfactual.map((item) => item.name),
          removed,
        );
        assert.equal(beaten, true, 'without them, another item scores above it');
      } else {
        assert.ok(!shownWidget.text.includes(line), shownWidget.text);
        assert.equal(shownWidget.counterfactual, null);
      }
    }
    assert.ok(
      [first, second].some((w) => w.counterfactual !== null),
      'at least one of the two MovieLens histories has a short counterfactual',
    );
    assert.ok(!plain.text.includes(line), 'no line without the attribute');
    assert.equal(plain.counterfactual, null);

    // The second recommendation is not the top pick: no removal can make it stop being one.
    const second2 = await page.evaluate(async (history) => {
      const { recommend } = await import('/web/whyrec.mjs');
      const model = new URL('/examples/movielens/sasrec.onnx', location.href).href;
      const [top] = await recommend({ model, histories: [history], k: 2 });
      const element = document.createElement('why-recommended');
      element.setAttribute('history', history.join(' '));
      element.setAttribute('item', String(top.items[1]));
      element.setAttribute('model', '../../examples/movielens/sasrec.onnx');
      element.setAttribute('items', '../../examples/movielens/items.csv');
      element.setAttribute('counterfactual', '');
      document.body.append(element);
      return top.items[1];
    }, histories[0]);
    const [, , , notTop] = await shown(page);
    assert.equal(notTop.target, second2);
    assert.match(notTop.text, /^Because you watched /);
    assert.ok(!notTop.text.includes(line), notTop.text);
    assert.deepEqual(problems, []);
    await page.close();
  },
);

test('on the planted model the line names the planted trigger', { skip }, async () => {
  const titles = await titlesOf(new URL('items.csv', planted));
  const histories = (await lines(new URL('test_histories.csv', planted)))
    .slice(0, 2)
    .map((text) => text.split(',').map(Number));
  const model = '../../examples/movielens/planted/planted.onnx';
  const { page, problems } = await widgetPage(
    histories
      .map((history) =>
        widget({
          history,
          model,
          items: '../../examples/movielens/planted/items.csv',
          extra: 'item="13" counterfactual',
        }),
      )
      .join(''),
  );
  for (const shownWidget of await shown(page)) {
    const { history, target } = shownWidget;
    assert.equal(target, 13);
    assert.match(shownWidget.text, new RegExp(`\\. ${line}Item 7 \\(trigger T\\)$`));
    const { found, beaten } = await apiCounterfactual(page, {
      model,
      history,
      target,
      itemNames: history.map((id) => titles[id] ?? `item ${id}`),
    });
    assert.deepEqual(found.edited_names[0], ['Item 7 (trigger T)']);
    assert.equal(beaten, true, 'without the trigger, another item scores above 13');
  }
  assert.deepEqual(problems, []);
  await page.close();
});

// The attribute is observed: toggled after the first render, the card is computed again and the
// sentence appears and disappears with it.
test('toggling the counterfactual attribute shows and hides the line', { skip }, async () => {
  const [history] = (await lines(new URL('test_histories.csv', planted)))
    .slice(0, 1)
    .map((text) => text.split(',').map(Number));
  const { page, problems } = await widgetPage(
    widget({
      history,
      model: '../../examples/movielens/planted/planted.onnx',
      items: '../../examples/movielens/planted/items.csv',
      extra: 'item="13"',
    }),
  );
  const [plain] = await shown(page);
  assert.ok(!plain.text.includes(line), plain.text);
  // Each toggle waits for the whyrec-reasons event of the computation it starts that has (on) or
  // has not (off) the line, the reasons coming first without it, and resolves to the card's text.
  const toggle = (on) =>
    page.evaluate(
      (on) =>
        new Promise((resolve) => {
          const element = document.querySelector('why-recommended');
          element.addEventListener('whyrec-reasons', (event) => {
            if ((event.detail.reasons[0].counterfactual !== null) !== on) return;
            resolve(element.shadowRoot.querySelector('[part="text"]').textContent);
          });
          element.toggleAttribute('counterfactual', on);
          // An attribute that is not observed starts nothing: no event comes.
          setTimeout(() => resolve('no new reasons within 30 s'), 30_000);
        }),
      on,
    );
  const withLine = await toggle(true);
  assert.match(withLine, new RegExp(`\\. ${line}Item 7 \\(trigger T\\)$`));
  const without = await toggle(false);
  assert.ok(!without.includes(line), without);
  assert.equal(without, plain.text);
  assert.match(await toggle(true), new RegExp(`${line}Item 7`));
  assert.deepEqual(problems, []);
  await page.close();
});

// A distilled item-to-item model (JSON) gets the line from the counterfactual search on the
// model's own scores (in the full core, which the widget loads for the line; the reasons come from
// the distilled core): the same items the API finds, another top pick without them by the model's
// own ranking, and no ONNX Runtime on the wire.
test('on a distilled history model the line names what the API finds', { skip }, async () => {
  const titles = await titlesOf(new URL('items.csv', movielens));
  const histories = (await lines(new URL('histories.csv', movielens))).map((text) =>
    text.split(',').map(Number),
  );
  const distilled = {
    model: '../../examples/movielens/sasrec_distilled.json',
    items: '../../examples/movielens/items.csv',
  };
  const { page, problems, requested } = await widgetPage(
    [0, 1, 2]
      .map((row) => widget({ ...distilled, history: histories[row], extra: 'counterfactual' }))
      .join(''),
  );
  let withLine = 0;
  for (const shownWidget of await shown(page)) {
    const { history, target } = shownWidget;
    const { found, beaten } = await apiCounterfactual(page, {
      model: distilled.model,
      history,
      target,
      itemNames: history.map((id) => titles[id]),
    });
    const removed = found.edited_names[0];
    if (found.found[0] && removed.length <= 2) {
      assert.ok(shownWidget.text.endsWith(`. ${line}${removed.join(' and ')}`), shownWidget.text);
      assert.deepEqual(
        shownWidget.counterfactual.map((item) => item.name),
        removed,
      );
      assert.equal(beaten, true, 'without them, another item scores above it');
      withLine += 1;
    } else {
      assert.ok(!shownWidget.text.includes(line), shownWidget.text);
    }
  }
  assert.equal(
    withLine,
    3,
    'MovieLens histories 0-2 have short counterfactuals on the distilled model',
  );
  assert.ok(
    requested.some((url) => url.endsWith('/whyrec_distilled.wasm')),
    'the distilled core',
  );
  assert.deepEqual(
    requested.filter((url) => /onnxruntime|ort[.-]/.test(url)),
    [],
    'no ONNX Runtime',
  );
  assert.deepEqual(problems, []);
  await page.close();
});
