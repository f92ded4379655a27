// Kernel SHAP of the demo MLP in headless Chromium (single thread, no COOP/COEP): 512 coalitions
// per row against a 20-centroid summary of the background, through the public JS API (worker,
// WebAssembly core, onnxruntime-web). Prints a markdown table row per setting.
// Run: node bench/kernel_browser.mjs (after npm run build).
import { startBrowser } from '../tests/browser/chromium.mjs';

const settings = [
  { budget: 512, background_summary: 20 },
  { budget: 2048, background_summary: 20 },
  { budget: 512 },
];
const repeats = 7;

const { browser, origin, stop } = await startBrowser();
try {
  const page = await browser.newPage();
  await page.goto(`${origin}/web/demo/`);
  console.log(
    '| settings | first call (ms, session + core load) | median of next 7 (ms) | model rows |',
  );
  console.log('|---|---|---|---|');
  for (const s of settings) {
    const result = await page.evaluate(
      async ({ s, repeats }) => {
        const { explain } = await import('/web/whyrec.mjs');
        const parse = (text) =>
          text
            .trim()
            .split('\n')
            .slice(1)
            .map((l) => l.split(',').map(Number));
        const background = parse(await (await fetch('/examples/demo/background.csv')).text());
        const candidates = (await (await fetch('/examples/demo/candidates.csv')).text())
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => l.split(',').slice(2, 14).map(Number));
        const run = async (i) => {
          const start = performance.now();
          const e = await explain({
            model: '/examples/demo/ctr_mlp.onnx',
            instance: candidates[i],
            background,
            method: 'kernel',
            output: 'prob',
            settings: { ...s, seed: i },
          });
          return { ms: performance.now() - start, rows: e.evaluations };
        };
        const first = await run(0);
        const times = [];
        for (let i = 1; i <= repeats; i++) times.push((await run(i)).ms);
        times.sort((a, b) => a - b);
        return {
          first: first.ms,
          median: times[repeats >> 1],
          rows: first.rows,
          crossOriginIsolated,
        };
      },
      { s, repeats },
    );
    if (result.crossOriginIsolated) throw new Error('the page must not be cross-origin isolated');
    console.log(
      `| ${JSON.stringify(s)} | ${result.first.toFixed(0)} | ${result.median.toFixed(1)} | ${result.rows} |`,
    );
  }
} finally {
  await stop();
}
