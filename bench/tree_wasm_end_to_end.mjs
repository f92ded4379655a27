// TreeSHAP end to end in WebAssembly through the public JS API (web/whyrec.mjs), the
// path-dependent values of one job of bench/make_tree_models.py (build/bench/trees), in Node or
// in headless Chromium: from the model and the CSV text to the explanations as objects, counting
// the API's import, the CSV's parsing (web/widget/numeric-csv.mjs, the widget's reader) and one
// explain() for all rows, which reads the model, loads the core (in a page: in the API's worker,
// started by that call), builds the explainer and parses its JSON. Node's and the browser's own
// start are left out, as tree_end_to_end.py leaves out Python's. Each run also times a second
// job in the same process or page (parsing and explaining again): the engine, the core and the
// explainer are ready by then, and V8 has optimised what ran, as for a batch's or a dashboard's
// later jobs. One thread, the full core (-O3).
//   node bench/tree_wasm_end_to_end.mjs JOB              one run in this Node process
//   node bench/tree_wasm_end_to_end.mjs JOB --browser N  N runs, each in a new Chromium page
// Prints one JSON line: {"job", "rows", "ms": [...], "second_ms": [...]} (milliseconds a run).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startBrowser } from '../tests/browser/chromium.mjs';

const [job, flag, count] = process.argv.slice(2);
if (!job) throw new Error('usage: node bench/tree_wasm_end_to_end.mjs JOB [--browser RUNS]');
const folder = new URL('../build/bench/trees/', import.meta.url);

/**
 * Times two jobs, each the CSV's parsing and one explain(): the first from the API's import on.
 * Self-contained (it runs in pages); `modules` gives the two modules' URLs.
 */
async function timeJobs(model, csvText, modules) {
  const start = performance.now();
  const whyrec = await import(modules.api);
  const { parseNumericCsv } = await import(modules.csv);
  const explainCsv = async () => {
    const { names, rows } = parseNumericCsv(csvText, 'the job CSV');
    const explanation = await whyrec.explain({
      model,
      instances: rows,
      background: [names.map(() => 0)],
      featureNames: names,
      method: 'tree',
      settings: { tree_mode: 'path' },
    });
    if (explanation.values.length !== rows.length) throw new Error('rows are missing');
    return rows.length;
  };
  const rows = await explainCsv();
  const first = performance.now();
  await explainCsv();
  const second = performance.now() - first;
  await whyrec.close();
  return { rows, ms: first - start, second };
}

const csvText = await readFile(new URL(`${job}.csv`, folder), 'utf8');
if (flag !== '--browser') {
  // Node reads the model from its path, as a batch would.
  const { rows, ms, second } = await timeJobs(
    fileURLToPath(new URL(`${job}.json`, folder)),
    csvText,
    {
      api: new URL('../web/whyrec.mjs', import.meta.url).href,
      csv: new URL('../web/widget/numeric-csv.mjs', import.meta.url).href,
    },
  );
  console.log(JSON.stringify({ job, rows, ms: [ms], second_ms: [second] }));
} else {
  // The model's text arrives as an argument: build/bench is not served.
  const modelText = await readFile(new URL(`${job}.json`, folder), 'utf8');
  const { browser, origin, stop } = await startBrowser();
  const runs = { ms: [], second_ms: [] };
  let rows = 0;
  try {
    for (let run = 0; run < Number(count ?? 5); run++) {
      const page = await browser.newPage();
      // An empty page of the server's origin: nothing of its own loads beside the job.
      await page.route(`${origin}/blank.html`, (route) =>
        route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bench</title>' }),
      );
      await page.goto(`${origin}/blank.html`);
      const result = await page.evaluate(
        async ([modelText, csvText, source]) =>
          new Function(`return ${source}`)()(modelText, csvText, {
            api: '/web/whyrec.mjs',
            csv: '/web/widget/numeric-csv.mjs',
          }),
        [modelText, csvText, timeJobs.toString()],
      );
      await page.close();
      runs.ms.push(result.ms);
      runs.second_ms.push(result.second);
      rows = result.rows;
    }
  } finally {
    await stop();
  }
  console.log(JSON.stringify({ job, rows, ...runs }));
}
