// One cold load of a page of widgets (the storefront by default), as bench/storefront-load.mjs
// makes it, with the time line of its requests: when each was asked for (ms after navigation)
// and how long its response took (Playwright's request timing), the worker's requests included,
// then when the HTML's response started and when each widget in view showed its reasons.
//
//   node bench/storefront-trace.mjs [--page storefront/] [--query ?distilled]
//     [--origin http://localhost:8080]
// (--origin: a server already running, `npm start`'s; by default the script starts one, in its own
// process, where Playwright's handling of each request competes with the server's.)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromiumPath } from '../tests/browser/chromium.mjs';
import { startServer } from '../web/server.mjs';

const { values: args } = parseArgs({
  options: {
    page: { type: 'string', default: 'storefront/' },
    query: { type: 'string', default: '' },
    origin: { type: 'string' },
  },
});
const { chromium } = await import('playwright-core');
const server = args.origin ? null : await startServer({ port: 0 });
const served = args.origin ?? `http://localhost:${server.address().port}`;
const url = `${served}/web/${args.page}${args.query}`;
const profile = await mkdtemp(join(tmpdir(), 'whyrec-trace-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath,
  args: ['--no-sandbox'],
  viewport: { width: 1280, height: 900 },
});
await context.addInitScript(() => {
  window.__reasonsAt = new Map();
  addEventListener('whyrec-reasons', (event) => {
    const widget = event.composedPath()[0];
    if (!window.__reasonsAt.has(widget)) window.__reasonsAt.set(widget, performance.now());
  });
});
const page = await context.newPage();
const requests = [];
context.on('requestfinished', (request) => requests.push(request));
await page.goto(url);
// Every widget in the viewport has shown its reasons (the others explain when scrolled to).
await page.waitForFunction(() => {
  const inView = [...document.querySelectorAll('why-recommended')].filter((widget) => {
    const box = widget.getBoundingClientRect();
    return box.top < innerHeight && box.bottom > 0;
  });
  return inView.length > 0 && inView.every((widget) => window.__reasonsAt.has(widget));
});
await page.waitForLoadState('networkidle');
const { origin, htmlResponse, reasons } = await page.evaluate(() => ({
  origin: performance.timeOrigin,
  htmlResponse: performance.getEntriesByType('navigation')[0].responseStart,
  reasons: [...window.__reasonsAt.values()].sort((a, b) => a - b),
}));
console.log(`${url}: HTML response from ${htmlResponse.toFixed(0)} ms`);
console.log('| asked at (ms) | response took (ms) | path |');
console.log('| --- | --- | --- |');
const rows = requests.map((request) => ({
  timing: request.timing(),
  path: new URL(request.url()).pathname,
}));
for (const { timing, path } of rows.sort((a, b) => a.timing.startTime - b.timing.startTime)) {
  console.log(
    `| ${(timing.startTime - origin).toFixed(0)} | ${timing.responseEnd.toFixed(0)} | ${path} |`,
  );
}
console.log(`reasons shown at (ms): ${reasons.map((t) => t.toFixed(0)).join(', ')}`);
await context.close();
await rm(profile, { recursive: true, force: true });
server?.close();
