// Browser benchmarks of issue #6 in headless Chromium (single thread, no COOP/COEP):
//   widget: time from a <why-recommended> becoming visible to its reasons, with the model's
//     session already open (each widget scrolled into view in turn, one at a time);
//   dashboard: the beeswarm job over 200 rows: its duration, progress updates, and the main
//     thread's long tasks (PerformanceObserver 'longtask') from the click to the drawn chart.
// `node bench/web-bench.mjs` prints Markdown tables.
import { startBrowser } from '../tests/browser/chromium.mjs';

const widgets = 20;
const chromium = await startBrowser();
try {
  console.log(await widgetBench());
  console.log(await dashboardBench());
} finally {
  await chromium.stop();
}

async function widgetBench() {
  const page = await chromium.browser.newPage({ viewport: { width: 900, height: 700 } });
  const demo = '../../examples/demo/';
  const rows = (await (await fetch(`${chromium.origin}/examples/demo/candidates.csv`)).text())
    .trim()
    .split('\n')
    .slice(1, widgets + 2)
    .map((line) => line.split(',').slice(2, 14).map(Number));
  // Each widget sits a screen below the previous, so that it becomes visible only when scrolled
  // to; the first one, at the top, opens the model's session.
  const body = rows
    .map(
      (row) =>
        `<why-recommended model="${demo}ctr_mlp.onnx" output="prob"
          background="${demo}background.csv" reasons="${demo}reasons.json"
          instance="${JSON.stringify(row)}"></why-recommended><div style="height: 1500px"></div>`,
    )
    .join('');
  await page.route(`${chromium.origin}/web/widget/bench.html`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><script type="module" src="why-recommended.mjs"></script>${body}`,
    }),
  );
  await page.goto(`${chromium.origin}/web/widget/bench.html`);
  const first = page.locator('why-recommended').first();
  await page.waitForFunction(() => document.querySelector('why-recommended').result);
  const cold = await first.evaluate((widget) => widget.result.elapsed);
  const times = [];
  for (let i = 1; i <= widgets; i++) {
    const widget = page.locator('why-recommended').nth(i);
    await widget.scrollIntoViewIfNeeded();
    await widget.evaluate(
      (element) =>
        element.result ??
        new Promise((resolve) =>
          element.addEventListener('whyrec-reasons', resolve, { once: true }),
        ),
    );
    times.push(await widget.evaluate((element) => element.result.elapsed));
  }
  await page.close();
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  const ms = (t) => `${Math.round(t)} ms`;
  return [
    '| widget: visible → reasons | median | p95 | max | first widget (opens the session) |',
    '| --- | --- | --- | --- | --- |',
    `| exact, 12 players, 100 background rows (409,600 model rows), ${widgets} widgets | ` +
      `${ms(at(0.5))} | ${ms(at(0.95))} | ${ms(times.at(-1))} | ${ms(cold)} |`,
  ].join('\n');
}

async function dashboardBench() {
  const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(`${chromium.origin}/web/dashboard/`);
  await page.waitForFunction(() => document.getElementById('chart').dataset.chart === 'waterfall');
  const methods = await page.$$eval('#method option:not([disabled])', (options) =>
    options.map((option) => option.value),
  );
  const runs = [
    ...(methods.includes('kernel') ? [{ method: 'kernel', background: 'demo' }] : []),
    { method: 'exact', background: '10' },
    { method: 'exact', background: 'demo' },
  ];
  const lines = [
    '| dashboard: beeswarm of 200 rows | background rows | job + chart | progress updates | long tasks | longest |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const { method, background } of runs) {
    await page.selectOption('#method', method);
    await page.selectOption('#background', background);
    await page.selectOption('#batch-size', '200');
    await page.evaluate(() => {
      window.bench = { longTasks: [], progress: 0 };
      window.bench.observer = new PerformanceObserver((list) =>
        window.bench.longTasks.push(...list.getEntries().map((entry) => entry.duration)),
      );
      window.bench.observer.observe({ type: 'longtask' });
      new MutationObserver(() => window.bench.progress++).observe(
        document.getElementById('progress-text'),
        { childList: true, characterData: true, subtree: true },
      );
      document.getElementById('chart').dataset.chart = '';
      window.bench.started = performance.now();
    });
    await page.click('#explain-rows');
    await page.waitForFunction(
      () => document.getElementById('chart').dataset.chart === 'beeswarm',
      null,
      { timeout: 300_000 },
    );
    const result = await page.evaluate(
      () =>
        new Promise((resolve) =>
          // Long tasks are reported after they end: let the observer catch up.
          setTimeout(() => {
            window.bench.observer.disconnect();
            resolve({ ...window.bench, elapsed: performance.now() - window.bench.started - 200 });
          }, 200),
        ),
    );
    const rows = background === 'demo' ? 100 : Number(background);
    const longest = result.longTasks.length
      ? `${Math.round(Math.max(...result.longTasks))} ms`
      : '—';
    lines.push(
      `| ${method} | ${rows} | ${(result.elapsed / 1000).toFixed(1)} s | ${result.progress} | ` +
        `${result.longTasks.length} | ${longest} |`,
    );
  }
  await page.close();
  return lines.join('\n');
}
