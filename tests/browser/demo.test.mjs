// The demo page in Debian's Chromium: score a user's candidates, explain the top item, and check
// that the numbers agree, that the page was never cross-origin isolated, and that the main
// thread kept running while the worker computed.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { startServer } from '../../web/server.mjs';

const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
const artifacts = new URL('../../test-artifacts/', import.meta.url);

let server;
let browser;

before(async () => {
  if (!hasChromium) return;
  const { chromium } = await import('playwright-core');
  server = await startServer({ port: 0 });
  // Playwright gives each launch a fresh temporary profile.
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

test(
  'the demo explains the top item consistently without blocking the page',
  { skip: !hasChromium && `${chromiumPath} is absent: apt-get install chromium` },
  async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const problems = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    const isolationHeaders = [];
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.url()}: HTTP ${response.status()}`);
      const headers = response.headers();
      for (const name of ['cross-origin-opener-policy', 'cross-origin-embedder-policy']) {
        if (headers[name]) isolationHeaders.push(`${response.url()}: ${name}`);
      }
    });

    await page.goto(`http://localhost:${server.address().port}/`);
    assert.equal(new URL(page.url()).pathname, '/web/demo/');
    await page.waitForSelector('#user:not([disabled])');
    await page.selectOption('#user', 'u007');
    const firstItem = page.locator('#items .item').first();
    await page.waitForFunction(() => document.querySelectorAll('#items .item').length === 10);
    await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Scored'));

    // A main-thread timer, started before the click, records every gap between its ticks.
    await page.evaluate(() => {
      window.heartbeat = { ticks: 0, longestGap: 0, last: performance.now() };
      window.heartbeat.timer = setInterval(() => {
        const now = performance.now();
        window.heartbeat.longestGap = Math.max(window.heartbeat.longestGap, now - window.heartbeat.last);
        window.heartbeat.last = now;
        window.heartbeat.ticks++;
      }, 10);
    });
    const listedProbability = Number(await firstItem.getAttribute('data-probability'));
    const probabilities = await page
      .locator('#items .item')
      .evaluateAll((items) => items.map((item) => Number(item.dataset.probability)));
    assert.deepEqual(probabilities, [...probabilities].sort((a, b) => b - a), 'ranked by probability');

    await firstItem.click();
    await page.waitForSelector('#waterfall svg', { timeout: 30_000 });
    const heartbeat = await page.evaluate(() => {
      clearInterval(window.heartbeat.timer);
      return window.heartbeat;
    });

    const shown = await page.evaluate(() => ({
      base: Number(document.getElementById('base-value').dataset.value),
      output: Number(document.getElementById('model-output').dataset.value),
      evaluations: Number(document.getElementById('evaluations').dataset.value),
      elapsed: Number(document.getElementById('elapsed').dataset.value),
      contributions: [...document.querySelectorAll('#contributions tbody tr')].map((row) => ({
        player: row.dataset.player,
        value: Number(row.dataset.contribution),
      })),
      bars: document.querySelectorAll('#waterfall svg rect').length,
      isolated: crossOriginIsolated,
    }));
    const total = shown.contributions.reduce((sum, { value }) => sum + value, 0);
    assert.equal(shown.contributions.length, 12);
    assert.ok(shown.bars >= 14, `${shown.bars} bars: base, 12 features, output`);
    assert.ok(Math.abs(shown.base + total - shown.output) < 1e-6, `${shown.base} + ${total}`);
    assert.ok(
      Math.abs(shown.output - listedProbability) < 1e-6,
      `output ${shown.output} vs listed ${listedProbability}`,
    );
    const magnitudes = shown.contributions.map(({ value }) => Math.abs(value));
    assert.deepEqual(magnitudes, [...magnitudes].sort((a, b) => b - a), 'sorted by |value|');
    assert.equal(shown.evaluations, 4096 * 100);

    assert.equal(shown.isolated, false);
    assert.deepEqual(isolationHeaders, []);

    // The computation took a while; the page's timer kept ticking all along.
    assert.ok(heartbeat.ticks >= shown.elapsed / 50, `${heartbeat.ticks} ticks in ${shown.elapsed} ms`);
    assert.ok(heartbeat.longestGap < 250, `the main thread stalled for ${heartbeat.longestGap} ms`);
    assert.deepEqual(problems, []);

    await mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: new URL('demo.png', artifacts).pathname, fullPage: true });
  },
);
