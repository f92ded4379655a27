// The storefront, the demo, the MovieLens page and its "for you" page as people meet them (the dashboard has its own
// tests): axe-core finds no violation at 1280×900
// and 390×844 once the page has settled, and at 360, 768 and 1280 px wide there is no console
// error, no horizontal scrolling, and the demo's waterfall draws its bars (screenshots in
// test-artifacts/).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeViolations, describeViolations } from './axe.mjs';
import { skipWithoutChromium, startBrowser } from './chromium.mjs';

const artifacts = new URL('../../test-artifacts/', import.meta.url);
const timeout = 90_000;

let chromium;

// (Playwright's screenshot() makes test-artifacts/ when it is missing.)
before(async () => {
  if (!skipWithoutChromium) chromium = await startBrowser();
});

after(() => chromium?.stop());

// Each page and what "settled" means for it: the storefront's widgets have their reasons; the
// demo and the MovieLens page have explained their first item.
const pages = {
  storefront: {
    path: '/web/storefront/',
    settle: (page) =>
      page.waitForFunction(() => {
        const widgets = [...document.querySelectorAll('why-recommended')];
        return widgets.length && widgets.every((widget) => widget.result);
      }),
  },
  demo: {
    path: '/web/demo/',
    settle: async (page) => {
      await page.locator('#items .item').first().click();
      await page.waitForSelector('#stats:not([hidden])');
      await page.waitForSelector('#waterfall svg');
    },
  },
  // Live widgets compute once in view: the ones in view have their reasons.
  'for-you': {
    path: '/web/movielens/for-you.html',
    settle: (page) =>
      page.waitForFunction(() => {
        const inView = [...document.querySelectorAll('why-recommended')].filter(
          (widget) => widget.getBoundingClientRect().top < innerHeight,
        );
        return inView.length && inView.every((widget) => widget.result);
      }),
  },
  movielens: {
    path: '/web/movielens/',
    settle: async (page) => {
      await page.waitForSelector('#user:not([disabled])');
      await page.waitForFunction(
        () => document.querySelectorAll('#recommendations .item').length === 10,
      );
      await page.locator('#recommendations .item').first().click();
      await page.waitForSelector('#timeline svg');
      await page.waitForSelector('#attention svg');
    },
  },
};

async function open(name, viewport) {
  const page = await chromium.browser.newPage({ viewport });
  page.setDefaultTimeout(timeout);
  const problems = [];
  page.on('pageerror', (error) => problems.push(`${name}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${name}: ${message.text()}`);
  });
  await page.goto(`${chromium.origin}${pages[name].path}`);
  await pages[name].settle(page);
  return { page, problems };
}

for (const name of Object.keys(pages)) {
  for (const viewport of [
    { width: 1280, height: 900 },
    { width: 390, height: 844 },
  ]) {
    test(
      `${name} at ${viewport.width}×${viewport.height}: no axe violations`,
      { skip: skipWithoutChromium },
      async () => {
        const { page } = await open(name, viewport);
        const violations = await axeViolations(page);
        assert.equal(violations.length, 0, describeViolations(violations));
        await page.close();
      },
    );
  }

  for (const width of [360, 768, 1280]) {
    test(
      `${name} at ${width} px: no console errors, no sideways scrolling`,
      { skip: skipWithoutChromium },
      async () => {
        const { page, problems } = await open(name, { width, height: 900 });
        const layout = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth,
          // The demo's waterfall: every bar drawn with a width.
          bars: [...document.querySelectorAll('#waterfall svg rect')].map(
            (rect) => rect.getBoundingClientRect().width,
          ),
        }));
        assert.ok(layout.scrollWidth <= layout.innerWidth, JSON.stringify(layout));
        if (name === 'demo') {
          // Base value, 12 features and the output: 14 bars, each wider than a hairline.
          assert.equal(layout.bars.length, 14);
          assert.ok(
            layout.bars.every((barWidth) => barWidth >= 1),
            `bars: ${layout.bars}`,
          );
        }
        await page.screenshot({
          path: new URL(`${name}-${width}.png`, artifacts).pathname,
          fullPage: true,
        });
        assert.deepEqual(problems, []);
        await page.close();
      },
    );
  }
}
