// How fast a page of widgets (the storefront by default; --page movielens/for-you.html for the
// history widgets) shows its reasons, as a shopper meets it: headless Chromium (Debian's),
// 1280×900, the page served locally by web/server.mjs, a fresh browser context per run (cold
// cache), then a reload in the same context (warm). --from says what the browser did before the
// cold visit: `launch` (nothing: it was launched for the visit, and starts up while the page
// loads), `blank` (a running browser: 2 s idle on its blank tab) or `other-site` (a running
// browser: a page of another site, then 2 s idle; the visit starts another renderer). Per run:
// when the last widget in view showed its reasons (ms after navigation; a history widget's
// counterfactual line, which comes after its reasons, is not waited for), bytes on the wire
// (encoded bodies and headers, the worker's requests included), those of them that are whyrec's
// part (the widget, the JS API and worker, the core, the model: what a shop adds to its page) and
// the cumulative layout shift.
//
//   node bench/storefront-load.mjs [--runs 5] [--page storefront/] [--query ?mode=live]
//     [--origin http://localhost:8080] [--from launch|blank|other-site]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromiumPath } from '../tests/browser/chromium.mjs';
import { startServer } from '../web/server.mjs';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    page: { type: 'string', default: 'storefront/' },
    query: { type: 'string', default: '' },
    // A server already running (`npm start`'s, say) rather than one in this process, which shares
    // its thread with Playwright's bookkeeping of every request.
    origin: { type: 'string' },
    from: { type: 'string', default: 'launch' },
  },
});
const before = {
  launch: async () => {},
  blank: (page) => page.waitForTimeout(2000),
  // The server's list of shoppers under the other name of this machine: another site to Chromium
  // (localhost and 127.0.0.1), and a document that caches nothing the visit asks for.
  'other-site': async (page, origin) => {
    const host = new URL(origin).hostname === 'localhost' ? '127.0.0.1' : 'localhost';
    const other = new URL(origin);
    other.hostname = host;
    await page.goto(`${other.origin}/web/storefront/precomputed/shoppers.json`);
    await page.waitForTimeout(2000);
  },
}[args.from];
if (!before) throw new Error(`--from ${args.from}: expected launch, blank or other-site`);
const { chromium } = await import('playwright-core');
const server = args.origin ? null : await startServer({ port: 0 });
const origin = args.origin ?? `http://localhost:${server.address().port}`;
const url = `${origin}/web/${args.page}${args.query}`;

// Runs in the page before its scripts: the time each widget reported reasons, and layout shifts.
function recordTimings() {
  window.__reasonsAt = new Map();
  window.__cls = 0;
  addEventListener('whyrec-reasons', (event) => {
    const widget = event.composedPath()[0];
    // The first: a counterfactual line comes as a second event.
    if (!window.__reasonsAt.has(widget)) window.__reasonsAt.set(widget, performance.now());
  });
  new PerformanceObserver((list) => {
    for (const shift of list.getEntries()) if (!shift.hadRecentInput) window.__cls += shift.value;
  }).observe({ type: 'layout-shift', buffered: true });
}

// Resolves once every widget in the viewport has reasons: the latest of their times.
function reasonsInView() {
  return new Promise((resolve) => {
    const check = () => {
      const inView = [...document.querySelectorAll('why-recommended')].filter((widget) => {
        const box = widget.getBoundingClientRect();
        return box.top < innerHeight && box.bottom > 0;
      });
      if (inView.length && inView.every((widget) => window.__reasonsAt.has(widget))) {
        resolve({
          widgets: inView.length,
          ms: Math.max(...inView.map((widget) => window.__reasonsAt.get(widget))),
        });
      } else setTimeout(check, 20);
    };
    check();
  });
}

// whyrec's own files: web/*.mjs, web/widget/, web/distilled/, web/history/, the bundled worker,
// the cores and the models (the demo's, MovieLens's SASRec and its distilled model).
const whyrecPart =
  /\/web\/([^/]+\.mjs|widget\/|distilled\/|history\/)|\/build\/(wasm|web)\/|\/ctr_mlp|\/sasrec/;

async function visit(page, navigate) {
  let bytes = 0;
  let whyrecBytes = 0;
  const counted = [];
  const onFinished = (request) =>
    counted.push(
      request.sizes().then((s) => {
        const size = s.responseBodySize + s.responseHeadersSize;
        bytes += size;
        if (whyrecPart.test(new URL(request.url()).pathname)) whyrecBytes += size;
      }),
    );
  page.context().on('requestfinished', onFinished);
  await navigate();
  const { widgets, ms } = await page.evaluate(reasonsInView);
  await page.waitForLoadState('networkidle');
  await Promise.all(counted);
  page.context().off('requestfinished', onFinished);
  const cls = await page.evaluate(() => window.__cls);
  return { widgets, ms, bytes, whyrecBytes, cls };
}

const cold = [];
const warm = [];
for (let run = 0; run < Number(args.runs); run++) {
  // A persistent profile (in a temporary folder) has a disk cache, as a shopper's browser does;
  // an incognito context's memory cache would not keep ONNX Runtime's 14 MB .wasm.
  const profile = await mkdtemp(join(tmpdir(), 'whyrec-storefront-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    args: ['--no-sandbox'],
    viewport: { width: 1280, height: 900 },
  });
  await context.addInitScript(recordTimings);
  const page = await context.newPage();
  await before(page, origin);
  cold.push(await visit(page, () => page.goto(url)));
  warm.push(await visit(page, () => page.reload()));
  await context.close();
  await rm(profile, { recursive: true, force: true });
}
server?.close();

const median = (values) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];
const row = (name, runs) =>
  `| ${name} | ${runs[0].widgets} | ${median(runs.map((r) => r.ms)).toFixed(0)} ms ` +
  `(${runs.map((r) => r.ms.toFixed(0)).join(', ')}) | ` +
  `${(median(runs.map((r) => r.bytes)) / 1e6).toFixed(2)} MB | ` +
  `${(median(runs.map((r) => r.whyrecBytes)) / 1e3).toFixed(0)} KB | ` +
  `${Math.max(...runs.map((r) => r.cls)).toFixed(3)} |`;
console.log(`${args.page}${args.query}, ${args.runs} runs, 1280×900, from ${args.from}`);
console.log(
  '| visit | widgets in view | reasons shown, median (runs) | on the wire | whyrec part | CLS (max) |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
console.log(row('cold cache', cold));
console.log(row('warm reload', warm));
