// TreeSHAP end to end in WebAssembly, the path-dependent values of one job of
// bench/make_tree_models.py (build/bench/trees), in Node or in headless Chromium: from the model's
// and the CSV's text to the explanations' JSON, counting the core's loading, the CSV's parsing
// (web/widget/numeric-csv.mjs, the widget's reader), the explainer's building and one explainJson
// call for all rows. What a Node batch or a page waits for after its own start (Node's start is
// left out, as tree_end_to_end.py leaves out Python's). One thread, the full core (-O3).
//   node bench/tree_wasm_end_to_end.mjs JOB            one run in this Node process
//   node bench/tree_wasm_end_to_end.mjs JOB --browser N  N runs, each in a new Chromium page
// Prints one JSON line: {"job", "rows", "ms": [...]} (milliseconds a run).
import { readFile } from 'node:fs/promises';
import { startBrowser } from '../tests/browser/chromium.mjs';
import { loadCore } from '../web/core.mjs';
import { parseNumericCsv } from '../web/widget/numeric-csv.mjs';

const [job, flag, count] = process.argv.slice(2);
if (!job) throw new Error('usage: node bench/tree_wasm_end_to_end.mjs JOB [--browser RUNS]');
const folder = new URL('../build/bench/trees/', import.meta.url);

/** Explains every row of the CSV text with the model text; self-contained (it runs in pages). */
async function explainJob(core, modelText, csvText, parse) {
  const { names, rows } = parse(csvText, 'the job CSV');
  const width = names.length;
  const values = new Float32Array(rows.length * width);
  rows.forEach((row, r) => row.forEach((x, j) => (values[r * width + j] = x ?? NaN)));
  const config = JSON.stringify({ feature_names: names, tree_mode: 'path' });
  const explainer = core.createTreeExplainer(modelText, config, new Float32Array(width));
  const json = explainer.explainJson(values);
  explainer.delete();
  return { rows: rows.length, bytes: json.length };
}

if (flag !== '--browser') {
  const start = performance.now();
  const core = await loadCore();
  const [modelText, csvText] = await Promise.all(
    ['json', 'csv'].map((ext) => readFile(new URL(`${job}.${ext}`, folder), 'utf8')),
  );
  const { rows } = await explainJob(core, modelText, csvText, parseNumericCsv);
  console.log(JSON.stringify({ job, rows, ms: [performance.now() - start] }));
} else {
  const modelText = await readFile(new URL(`${job}.json`, folder), 'utf8');
  const csvText = await readFile(new URL(`${job}.csv`, folder), 'utf8');
  const { browser, origin, stop } = await startBrowser();
  const ms = [];
  let rows = 0;
  try {
    for (let run = 0; run < Number(count ?? 5); run++) {
      const page = await browser.newPage();
      await page.goto(`${origin}/web/demo/`);
      // The texts arrive as arguments (build/bench is not served); the clock starts in the page.
      const result = await page.evaluate(
        async ([modelText, csvText, explainSource]) => {
          const start = performance.now();
          const { loadCore } = await import('/web/core.mjs');
          const { parseNumericCsv } = await import('/web/widget/numeric-csv.mjs');
          const core = await loadCore(new URL('/build/wasm/whyrec_core.mjs', location.href));
          const explain = new Function(`return ${explainSource}`)();
          const done = await explain(core, modelText, csvText, parseNumericCsv);
          return { rows: done.rows, ms: performance.now() - start };
        },
        [modelText, csvText, explainJob.toString()],
      );
      await page.close();
      ms.push(result.ms);
      rows = result.rows;
    }
  } finally {
    await stop();
  }
  console.log(JSON.stringify({ job, rows, ms }));
}
