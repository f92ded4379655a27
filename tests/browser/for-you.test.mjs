// web/movielens/for-you.html?counterfactual in Chromium: the first user's top pick's card says
// "You'd see other picks if you hadn't watched …", naming the films the JS API's own
// counterfactual search (method 'counterfactual', k 1, on the same distilled model and history)
// removes, all of them films of that history; the other cards, not the top pick, say no such
// thing. The reasons are shown before the search ends (a first whyrec-reasons event without the
// line, then one with it). The full core is fetched for the search, and no other; without
// ?counterfactual the page ranks the films and the widgets explain them in the page, with no core
// and no worker, and the cards are the JS API's top picks. No console errors or failed requests.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { parseItemsCsv } from '../../web/widget/items-csv.mjs';
import { skipWithoutChromium, startBrowser } from './chromium.mjs';

const movielens = new URL('../../examples/movielens/', import.meta.url);
const skip =
  skipWithoutChromium ||
  (!existsSync(new URL('sasrec_distilled.json', movielens)) && 'the distilled model is absent') ||
  (!existsSync(new URL('../../build/wasm/whyrec_core.wasm', import.meta.url)) &&
    'build/wasm is not built: npm run build');
const line = "You'd see other picks if you hadn't watched ";

let chromium;

before(async () => {
  if (!skip) chromium = await startBrowser();
});

after(() => chromium?.stop());

/** The page's cards once every widget has its result, and what the page requested. */
async function openForYou(query) {
  const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 2400 } });
  page.setDefaultTimeout(180_000);
  const problems = [];
  const requested = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.url()}: ${r.status()}`));
  page.context().on('request', (request) => requested.push(new URL(request.url()).pathname));
  // Per widget, whether each of its whyrec-reasons events had a counterfactual line.
  await page.addInitScript(() => {
    window.lines = new Map();
    addEventListener('whyrec-reasons', (event) => {
      const widget = event.composedPath()[0];
      const line = event.detail.reasons[0].counterfactual !== null;
      window.lines.set(widget, [...(window.lines.get(widget) ?? []), line]);
    });
  });
  await page.goto(`${chromium.origin}/web/movielens/for-you.html${query}`);
  // Done: every widget has its result and is no longer busy (its search, if any, has ended).
  await page.waitForFunction(() => {
    const widgets = [...document.querySelectorAll('why-recommended')];
    return (
      widgets.length === 6 &&
      widgets.every(
        (w) =>
          w.result &&
          w.shadowRoot.querySelector('[part="container"]').getAttribute('aria-busy') === 'false',
      )
    );
  });
  const cards = await page.$$eval('why-recommended', (all) =>
    all.map((w) => ({
      events: window.lines.get(w),
      text: w.shadowRoot.querySelector('[part="text"]').textContent,
      counterfactual: w.result.reasons[0].counterfactual,
      target: w.result.explanation.target[0],
      history: w.result.explanation.history[0],
    })),
  );
  return { page, cards, problems, requested };
}

test(
  'for-you ?counterfactual: the top pick names the films whose removal changes it',
  { skip },
  async () => {
    const { page, cards, problems, requested } = await openForYou('?counterfactual');
    const [user] = (await readFile(new URL('histories.csv', movielens), 'utf8')).split(/\r?\n/);
    const history = user.split(',').map(Number);
    const items = parseItemsCsv(await readFile(new URL('items.csv', movielens), 'utf8'));
    const title = (id) => items.get(id)?.name ?? `item ${id}`;
    assert.deepEqual(cards[0].history, history);

    const api = await page.evaluate(
      async ({ history, target, itemNames }) => {
        const { explainHistory } = await import('/web/whyrec.mjs');
        const model = new URL('/examples/movielens/sasrec_distilled.json', location.href).href;
        return explainHistory({
          model,
          history,
          target,
          itemNames,
          method: 'counterfactual',
          k: 1,
        });
      },
      { history, target: cards[0].target, itemNames: history.map(title) },
    );
    assert.equal(api.found[0], true);
    const removed = api.edited_players[0].map((player) => history[player]);
    assert.ok(removed.length >= 1 && removed.length <= 2, `${removed.length} films removed`);
    const names = removed.map(title);
    assert.deepEqual(
      cards[0].counterfactual.map((item) => item.name),
      names,
    );
    assert.ok(cards[0].text.includes(line + names[0]), cards[0].text);
    assert.deepEqual(cards[0].events, [false, true]);
    for (const card of cards.slice(1)) {
      assert.equal(card.counterfactual, null, card.text);
      assert.ok(!card.text.includes(line), card.text);
      assert.deepEqual(card.events, [false]);
    }
    // The search's full core, and no distilled core: the widgets explain the terms themselves.
    assert.ok(requested.some((path) => path.endsWith('/whyrec_core.wasm')));
    assert.ok(!requested.some((path) => path.includes('/whyrec_distilled.')), requested.join('\n'));
    assert.deepEqual(problems, []);
    await page.close();
  },
);

test('for-you without ?counterfactual: no such line, and no core or worker', { skip }, async () => {
  const { page, cards, problems, requested } = await openForYou('');
  for (const card of cards) {
    assert.ok(!card.text.includes(line), card.text);
    assert.deepEqual(card.events, [false]);
  }
  // The page ranks and the widgets explain the distilled model in the page itself.
  assert.deepEqual(
    requested.filter((path) => /\/build\/|whyrec\.mjs/.test(path)),
    [],
  );
  assert.equal(page.workers().length, 0, 'no worker started');
  assert.deepEqual(problems, []);
  const top = await page.evaluate(async (history) => {
    const { recommend } = await import('/web/whyrec.mjs');
    const model = new URL('/examples/movielens/sasrec_distilled.json', location.href).href;
    return recommend({ model, histories: [history], k: 6 });
  }, cards[0].history);
  assert.deepEqual(
    cards.map((card) => card.target),
    top[0].items,
  );
  await page.close();
});
