// TreeSHAP in headless Chromium (single thread, no COOP/COEP) on the reference XGBoost model, with
// the full core (-O3) and the widget's white-box core (-Oz): the same timing as Node's
// tree_shap_wasm.mjs, run in the page. Run: node bench/tree_shap_browser.mjs (after npm run build).
import { startBrowser } from '../tests/browser/chromium.mjs';
import { demoInputs } from './demo-inputs.mjs';
import { timesTable, treeShapTimes } from './tree-shap-timing.mjs';

const { browser, origin, stop } = await startBrowser();
try {
  const page = await browser.newPage();
  await page.goto(`${origin}/web/demo/`);
  for (const core of ['whyrec_core', 'whyrec_white_box']) {
    // The functions travel as source: the bench folder is not served.
    const results = await page.evaluate(`(async () => {
      const { loadCore } = await import('/web/core.mjs');
      const core = await loadCore(new URL('/build/wasm/${core}.mjs', location.href));
      const demoInputs = ${demoInputs};
      const treeShapTimes = ${treeShapTimes};
      const read = (path) => fetch('/' + path).then((r) => r.text());
      const modelText = await read('examples/trees/ctr_xgb.json');
      const inputs = { ...(await demoInputs(read)), modelText };
      return { isolated: crossOriginIsolated, times: treeShapTimes(core, inputs) };
    })()`);
    if (results.isolated) throw new Error('the page must not be cross-origin isolated');
    console.log(`\n${core} in Chromium ${browser.version()}:\n${timesTable(results.times)}`);
  }
} finally {
  await stop();
}
