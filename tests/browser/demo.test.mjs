// The demo page in Debian's Chromium: score a user's candidates, explain the top item, and check
// that the numbers agree, that the page was never cross-origin isolated, and that the main
// thread kept running while the worker computed.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { skipWithoutChromium, startBrowser } from './chromium.mjs';

const artifacts = new URL('../../test-artifacts/', import.meta.url);

let chromium;

before(async () => {
  if (!skipWithoutChromium) chromium = await startBrowser();
});

after(() => chromium?.stop());

test(
  'the demo explains the top item consistently without blocking the page',
  { skip: skipWithoutChromium },
  async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const problems = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    const isolationHeaders = [];
    const served = [];
    page.on('response', (response) => {
      // Pages name their assets under /v/<version>/ (web/server.mjs): the file's path is the rest.
      served.push(new URL(response.url()).pathname.replace(/^\/v\/[0-9a-f]{12}/, ''));
      if (response.status() >= 400) problems.push(`${response.url()}: HTTP ${response.status()}`);
      const headers = response.headers();
      for (const name of ['cross-origin-opener-policy', 'cross-origin-embedder-policy']) {
        if (headers[name]) isolationHeaders.push(`${response.url()}: ${name}`);
      }
    });

    await page.goto(`${chromium.origin}/`);
    assert.equal(new URL(page.url()).pathname, '/web/demo/');
    await page.waitForSelector('#user:not([disabled])');
    await page.selectOption('#user', 'u007');
    const firstItem = page.locator('#items .item').first();
    await page.waitForFunction(() => document.querySelectorAll('#items .item').length === 10);
    await page.waitForFunction(() =>
      document.getElementById('status').textContent.startsWith('Scored'),
    );

    // A main-thread timer records its ticks; a capture listener records when the click (which
    // starts the explanation) happened.
    await page.evaluate(() => {
      window.heartbeat = { ticks: [], clickedAt: null };
      const { ticks } = window.heartbeat;
      window.heartbeat.timer = setInterval(() => ticks.push(performance.now()), 10);
      document.addEventListener('click', () => (window.heartbeat.clickedAt = performance.now()), {
        capture: true,
        once: true,
      });
    });
    const listedProbability = Number(await firstItem.getAttribute('data-probability'));
    const probabilities = await page
      .locator('#items .item')
      .evaluateAll((items) => items.map((item) => Number(item.dataset.probability)));
    const ranked = [...probabilities].sort((a, b) => b - a);
    assert.deepEqual(probabilities, ranked, 'ranked by probability');

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
      // Bar labels top to bottom: base value, contributions, model output.
      labels: [...document.querySelectorAll('#waterfall svg text')]
        .map((text) => ({ y: text.getBoundingClientRect().y, text: text.textContent }))
        .filter(({ text }) => /^[+-]?\d+\.\d{3}$/.test(text.replace('\u2212', '-')))
        .sort((a, b) => a.y - b.y)
        .map(({ text }) => Number(text.replace('\u2212', '-'))),
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
    // The chart shows the same numbers, rounded to 3 decimals, and adds up at that precision.
    const rounded = (value) => Math.round(value * 1000) / 1000;
    assert.deepEqual(shown.labels, [
      rounded(shown.base),
      ...shown.contributions.map(({ value }) => rounded(value)),
      rounded(shown.output),
    ]);
    const chartTotal = shown.labels.slice(0, -1).reduce((sum, value) => sum + value, 0);
    assert.ok(Math.abs(chartTotal - shown.labels.at(-1)) <= 0.0005 * 13, `chart adds up`);
    const magnitudes = shown.contributions.map(({ value }) => Math.abs(value));
    assert.deepEqual(
      magnitudes,
      [...magnitudes].sort((a, b) => b - a),
      'sorted by |value|',
    );
    assert.equal(shown.evaluations, 4096 * 100);

    assert.equal(shown.isolated, false);
    assert.deepEqual(isolationHeaders, []);
    const workerFiles = [
      '/build/web/worker.mjs',
      '/build/wasm/whyrec_core.wasm',
      '/examples/demo/ctr_mlp.onnx',
    ];
    for (const file of workerFiles) {
      assert.ok(served.includes(file), `${file} was loaded (and checked for headers)`);
    }

    // While the worker computed, the page's timer kept ticking: no long gaps, and about as many
    // ticks as the time allows (a blocked main thread yields one long gap and no ticks).
    const [start, end] = [heartbeat.clickedAt, heartbeat.clickedAt + shown.elapsed];
    const ticks = heartbeat.ticks.filter((t) => t > start && t < end);
    const times = [start, ...ticks, end];
    const longestGap = Math.max(...times.slice(1).map((t, i) => t - times[i]));
    assert.ok(
      ticks.length >= Math.floor(shown.elapsed / 40),
      `${ticks.length} ticks in ${shown.elapsed} ms`,
    );
    assert.ok(longestGap < 100, `the main thread stalled for ${longestGap} ms`);
    assert.deepEqual(problems, []);

    await mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: new URL('demo.png', artifacts).pathname, fullPage: true });
  },
);
