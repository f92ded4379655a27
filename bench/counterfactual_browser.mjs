// Counterfactual histories of the MovieLens SASRec model in headless Chromium (single thread, no
// COOP/COEP), through the public JS API (worker, WebAssembly core, onnxruntime-web): for each of
// the first USERS users with a full 50-item history, the fewest items whose removal takes the
// top-1 recommendation out of the top k, timed end to end. Prints a markdown table (p95 is the
// nearest rank over the calls after the first, which also creates the sessions).
// Run: node bench/counterfactual_browser.mjs [users] [k] (after npm run build).
import { startBrowser } from '../tests/browser/chromium.mjs';

const users = Number(process.argv[2] ?? 41);
const k = Number(process.argv[3] ?? 1);

const { browser, origin, stop } = await startBrowser();
try {
  const page = await browser.newPage();
  await page.goto(`${origin}/web/demo/`);
  const result = await page.evaluate(
    async ({ users, k }) => {
      const { explainHistory } = await import('/web/whyrec.mjs');
      const text = await (await fetch('/examples/movielens/histories.csv')).text();
      const full = text
        .trim()
        .split('\n')
        .map((l) => l.split(',').map(Number))
        .filter((h) => h.length === 50);
      const runs = [];
      for (let u = 0; u < Math.min(users, full.length); u++) {
        const start = performance.now();
        const e = await explainHistory({
          model: '/examples/movielens/sasrec.onnx',
          history: full[u],
          method: 'counterfactual',
          k,
        });
        runs.push({
          ms: performance.now() - start,
          calls: e.model_calls[0],
          found: e.found[0],
          size: e.edited_positions[0].length,
        });
      }
      return { runs, crossOriginIsolated };
    },
    { users, k },
  );
  if (result.crossOriginIsolated) throw new Error('the page must not be cross-origin isolated');
  const [first, ...rest] = result.runs;
  const rank = (values, q) => values.sort((a, b) => a - b)[Math.ceil(q * values.length) - 1];
  const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
  const found = rest.filter((r) => r.found);
  const f = (x) => x.toFixed(0);
  console.log(
    '| k | users | first call (ms) | median (ms) | p95 (ms) | max (ms) | model calls mean / p95 | found | mean set size |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  const ms = rest.map((r) => r.ms);
  console.log(
    `| ${k} | ${rest.length} | ${f(first.ms)} | ${f(rank([...ms], 0.5))} | ${f(rank([...ms], 0.95))} | ` +
      `${f(Math.max(...ms))} | ${f(mean(rest.map((r) => r.calls)))} / ` +
      `${f(
        rank(
          rest.map((r) => r.calls),
          0.95,
        ),
      )} | ${found.length}/${rest.length} | ` +
      `${mean(found.map((r) => r.size)).toFixed(2)} |`,
  );
} finally {
  await stop();
}
