// The storefront's default mode: the batch job's explanations (web/storefront/precomputed/) are on
// every card in the first frame that shows the cards, as the explanation JSON's values rank them,
// with no model, core or worker on the page; errors show shoppers an apology, not a URL.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { skipWithoutChromium, startBrowser } from './chromium.mjs';
import { expectedFeatures, watchedPage } from './storefront-page.mjs';

const precomputed = new URL('../../web/storefront/precomputed/', import.meta.url);
const timeout = 90_000;
const neutral = 'Not one of your closest matches: suggested to widen your choice.';

let chromium;

before(async () => {
  if (!skipWithoutChromium) chromium = await startBrowser();
});

after(() => chromium?.stop());

/** What the shop sends for `userId`: each item in order with its explanation's values and output. */
async function batchRows(userId) {
  const read = async (folder) =>
    JSON.parse(await readFile(new URL(`${folder}/${userId}.json`, precomputed)));
  const [{ items }, explanation] = await Promise.all([
    read('recommendations'),
    read('explanations'),
  ]);
  assert.equal(explanation.values.length, items.length);
  return items.map((item, r) => ({
    itemId: item.item_id,
    values: explanation.values[r],
    output: explanation.model_output[r],
    base: explanation.base_value,
  }));
}

test(
  'precomputed: every card has its batch reasons in the first frame, no model on the page',
  { skip: skipWithoutChromium },
  async () => {
    const { page, requested, problems } = await watchedPage(chromium, timeout);
    // In the frame the cards first appear (before it is painted), note which widgets have reasons.
    await page.addInitScript(() => {
      new MutationObserver((changes, observer) => {
        const widgets = document.querySelectorAll('why-recommended');
        if (!widgets.length) return;
        observer.disconnect();
        requestAnimationFrame(() => {
          window.firstFrame = [...widgets].map(
            (w) => w.shadowRoot.querySelectorAll('[part~="reason"]').length,
          );
        });
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(`${chromium.origin}/web/storefront/`);
    await page.waitForFunction(() => window.firstFrame);
    const firstFrame = await page.evaluate(() => window.firstFrame);
    assert.equal(firstFrame.length, 12);
    assert.ok(
      firstFrame.every((count) => count >= 1),
      `reasons per card: ${firstFrame}`,
    );

    const rows = await batchRows('u001');
    const cards = await page.$$eval('.product', (products) =>
      products.map((product) => {
        const widget = product.querySelector('why-recommended');
        return {
          itemId: product.dataset.itemId,
          source: widget.result.source,
          names: widget.result.explanation.feature_names,
          shown: [...widget.shadowRoot.querySelectorAll('[part~="reason"]')].map((li) => ({
            feature: li.dataset.feature,
            text: li.querySelector('[part="text"]').textContent,
          })),
          score: widget.shadowRoot.querySelectorAll('dd')[3].textContent,
        };
      }),
    );
    assert.deepEqual(
      cards.map((card) => card.itemId),
      rows.map((row) => row.itemId),
      "the batch job's items, in its order",
    );
    for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1].output >= rows[i].output - 1e-6);
    let neutralCards = 0;
    for (const [i, card] of cards.entries()) {
      const { values, output, base } = rows[i];
      assert.equal(card.source, 'precomputed');
      // Shapley values add up to the output's distance from the average.
      const sum = values.reduce((total, v) => total + v, 0);
      assert.ok(Math.abs(sum - (output - base)) < 1e-5, `efficiency, card ${i}`);
      if (output <= base) {
        assert.deepEqual(card.shown, [{ feature: '', text: neutral }]);
        neutralCards++;
      } else {
        assert.deepEqual(
          card.shown.map((r) => r.feature),
          expectedFeatures(values, card.names),
        );
        assert.ok(card.shown.every((r) => r.text.length > 10 && !/[{}_]/.test(r.text)));
      }
    }
    assert.equal(neutralCards, rows.filter((row) => row.output <= row.base).length);
    assert.ok(neutralCards < cards.length);
    assert.ok(!requested.some((path) => /onnxruntime|\/build\/wasm\/|worker\.mjs/.test(path)));
    assert.ok(!requested.some((path) => /candidates\.csv|background\.csv/.test(path)));
    assert.equal(page.workers().length, 0, 'no worker');

    // Another shopper: that shopper's rows.
    await page.selectOption('#user', 'u002');
    const other = (await batchRows('u002')).map((row) => row.itemId);
    await page.waitForFunction(
      (first) => document.querySelector('.product')?.dataset.itemId === first,
      other[0],
    );
    assert.deepEqual(
      await page.$$eval('.product', (products) => products.map((p) => p.dataset.itemId)),
      other,
    );
    assert.deepEqual(problems, []);
    await page.close();
  },
);

test(
  "?user=ID: that shopper's page, the menu naming every shopper",
  { skip: skipWithoutChromium },
  async () => {
    const { page, requested, problems } = await watchedPage(chromium, timeout);
    await page.goto(`${chromium.origin}/web/storefront/?user=u117`);
    const rows = await batchRows('u117');
    await page.waitForFunction(() => document.querySelector('#user:not([disabled])'));
    assert.deepEqual(
      await page.$$eval('.product', (products) => products.map((p) => p.dataset.itemId)),
      rows.map((row) => row.itemId),
    );
    const shoppers = JSON.parse(await readFile(new URL('shoppers.json', precomputed)));
    const menu = await page.$$eval('#user option', (options) =>
      options.map((option) => ({ user_id: option.value, name: option.textContent })),
    );
    assert.equal(menu.length, 200);
    assert.deepEqual(menu, shoppers);
    assert.equal(await page.inputValue('#user'), 'u117');
    assert.match(
      await page.textContent('#user-summary'),
      /^\S.* usually spends €\d+\.\d\d and likes /,
    );
    // Only this shopper's files: no other shopper's, no table of every shopper.
    assert.deepEqual(
      requested.filter((path) => /precomputed\//.test(path)).sort(),
      ['explanations/u117.json', 'recommendations/u117.json', 'shoppers.json'].map(
        (file) => `/web/storefront/precomputed/${file}`,
      ),
    );
    // The menu puts the next shopper in the address.
    await page.selectOption('#user', 'u003');
    await page.waitForFunction(() => location.search === '?user=u003');
    assert.deepEqual(problems, []);
    await page.close();
  },
);

test(
  'a failure shows shoppers an apology and developers the cause',
  { skip: skipWithoutChromium },
  async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(timeout);
    const errors = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.route(/explanations\/u001\.json$/, (route) =>
      route.fulfill({ status: 500, body: '' }),
    );
    await page.goto(`${chromium.origin}/web/storefront/`);
    await page.waitForSelector('#status.error');
    const status = await page.textContent('#status');
    assert.equal(status, 'Sorry, your recommendations could not be loaded. Please try again.');
    assert.ok(
      errors.some((text) => /explanations\/u001\.json: HTTP 500/.test(text)),
      `console: ${errors}`,
    );
    await page.close();
  },
);

test('an unknown shopper gets the apology', { skip: skipWithoutChromium }, async () => {
  const { page, problems } = await watchedPage(chromium, timeout);
  await page.goto(`${chromium.origin}/web/storefront/?user=${encodeURIComponent('<b>x</b>')}`);
  await page.waitForSelector('#status.error');
  assert.ok(
    problems.some((text) => /recommendations\/%3Cb%3Ex%3C%2Fb%3E\.json: HTTP 404/.test(text)),
  );
  assert.equal(await page.$$eval('.product', (products) => products.length), 0);
  await page.close();
});
