// History explanations of the MovieLens SASRec model in headless Chromium (single thread, no
// COOP/COEP), through the public JS API (worker, WebAssembly core, onnxruntime-web): users with
// a full 50-item history, each method timed end to end per explained recommendation. Prints a
// markdown table. Run: node bench/history_browser.mjs (after npm run build).
import { startBrowser } from '../tests/browser/chromium.mjs';

const cases = [
  { method: 'kernel', settings: { budget: 400 } },
  { method: 'permutation', settings: { budget: 400 } },
  { method: 'occlusion' },
  { method: 'integrated_gradients', settings: { steps: 20 } },
  { method: 'attention' },
];
const users = 9; // the first call per method also creates sessions; the median is of the rest

const { browser, origin, stop } = await startBrowser();
try {
  const page = await browser.newPage();
  await page.goto(`${origin}/web/demo/`);
  console.log('| method | first call (ms) | median of next 8 (ms) | range (ms) | model calls |');
  console.log('|---|---|---|---|---|');
  for (const c of cases) {
    const result = await page.evaluate(
      async ({ c, users }) => {
        const { explainHistory } = await import('/web/whyrec.mjs');
        const text = await (await fetch('/examples/movielens/histories.csv')).text();
        const full = text
          .trim()
          .split('\n')
          .map((l) => l.split(',').map(Number))
          .filter((h) => h.length === 50);
        const times = [];
        let calls = 0;
        for (let u = 0; u < users; u++) {
          const start = performance.now();
          const e = await explainHistory({
            model: '/examples/movielens/sasrec.onnx',
            embeddingsModel: '/examples/movielens/sasrec_embeddings.onnx',
            history: full[u],
            method: c.method,
            settings: { ...c.settings, seed: u },
          });
          times.push(performance.now() - start);
          calls = e.evaluations;
        }
        const rest = times.slice(1).sort((a, b) => a - b);
        return {
          first: times[0],
          median: rest[rest.length >> 1],
          low: rest[0],
          high: rest.at(-1),
          calls,
          crossOriginIsolated,
        };
      },
      { c, users },
    );
    if (result.crossOriginIsolated) throw new Error('the page must not be cross-origin isolated');
    const f = (x) => x.toFixed(0);
    console.log(
      `| ${c.method} ${JSON.stringify(c.settings ?? {})} | ${f(result.first)} | ` +
        `${f(result.median)} | ${f(result.low)}–${f(result.high)} | ${result.calls} |`,
    );
  }
} finally {
  await stop();
}
