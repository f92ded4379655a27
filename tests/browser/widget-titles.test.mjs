// A history widget whose titles file (`items`) cannot be read, in Chromium: the reasons still
// come, naming items by id, and developers are told why, as for a reasons file: a console warning
// and a whyrec-error event naming the file, with fallback 'item ids'. Before, a missing or broken
// titles file showed "item 402" without a word; and a row whose cells did not match the header
// (an unquoted comma in a title) was read with its columns shifted.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { skipWithoutChromium, startBrowser } from './chromium.mjs';

const model = '../../examples/movielens/sasrec_distilled.json';
const history = [402, 496, 326];

let chromium;

before(async () => {
  if (!skipWithoutChromium) chromium = await startBrowser();
});

after(() => chromium?.stop());

/** A page at /web/widget/titles.html with one history widget; `files`: URLs served from memory. */
async function titlesPage(items, files = {}) {
  const page = await chromium.browser.newPage();
  const warnings = [];
  page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
  const url = `${chromium.origin}/web/widget/titles.html`;
  for (const [path, body] of Object.entries({ [url]: null, ...files })) {
    await page.route(new URL(path, url).href, (route) =>
      route.fulfill(
        body === null
          ? {
              contentType: 'text/html',
              body:
                '<!doctype html><meta charset="utf-8"><title>titles</title>' +
                '<script>addEventListener("whyrec-error", (e) => ' +
                '(window.errors ??= []).push({ message: e.detail.message, url: e.detail.url, ' +
                'status: e.detail.status, fallback: e.detail.fallback }));</script>' +
                '<script type="module" src="why-recommended.mjs"></script>' +
                `<why-recommended history="${history.join(' ')}" model="${model}" ` +
                `items="${items}"></why-recommended>`,
            }
          : { contentType: 'text/csv', body },
      ),
    );
  }
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('why-recommended').result);
  const shown = await page.evaluate(() => ({
    names: [
      ...document.querySelector('why-recommended').shadowRoot.querySelectorAll('[part="name"]'),
    ].map((em) => em.textContent),
    errors: window.errors ?? [],
  }));
  await page.close();
  return { ...shown, warnings };
}

test(
  'a missing titles file: reasons naming items by id, a warning naming the file',
  { skip: skipWithoutChromium },
  async () => {
    const { names, errors, warnings } = await titlesPage('no-such-items.csv');
    assert.ok(names.length > 0 && names.every((name) => /^item (402|496|326)$/.test(name)), names);
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0].status, 404);
    assert.equal(errors[0].fallback, 'item ids');
    assert.match(errors[0].url, /\/web\/widget\/no-such-items\.csv$/);
    assert.ok(
      warnings.some((text) => /no-such-items\.csv.*; showing item ids$/.test(text)),
      `${warnings}`,
    );
  },
);

test(
  'a titles row with an unquoted comma: refused, naming the line, not read with shifted columns',
  { skip: skipWithoutChromium },
  async () => {
    const csv = 'item,title,year\n402,Heat,1995\n496,Matrix, The,1999\n326,Ronin,1998\n';
    const { names, errors } = await titlesPage('broken-items.csv', { 'broken-items.csv': csv });
    assert.ok(names.length > 0 && names.every((name) => /^item (402|496|326)$/.test(name)), names);
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0].fallback, 'item ids');
    assert.match(errors[0].message, /broken-items\.csv line 3 has 4 cells, the header 3$/);
  },
);

test(
  'a good titles file: no error, the items named by their titles',
  { skip: skipWithoutChromium },
  async () => {
    const csv = 'item,title,year\n402,Heat,1995\n496,"Matrix, The",1999\n326,Ronin,1998\n';
    const { names, errors } = await titlesPage('good-items.csv', { 'good-items.csv': csv });
    assert.deepEqual(errors, []);
    assert.ok(names.length > 0, 'no names shown');
    for (const name of names) {
      assert.ok(['Heat (1995)', 'The Matrix (1999)', 'Ronin (1998)'].includes(name), name);
    }
  },
);
