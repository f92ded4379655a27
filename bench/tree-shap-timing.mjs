// The TreeSHAP timing both WebAssembly benchmarks run (Node: tree_shap_wasm.mjs; Chromium:
// tree_shap_browser.mjs, which evaluates this function's source in the page, so it must stay
// self-contained): per explained row with the explainer built once, in one call for 1,000 rows
// and in one call per row, and the one-time cost of parsing and tabulating the model.
export function treeShapTimes(core, { modelText, names, rows, background }) {
  const time = (fn, minMs = 1500) => {
    fn(); // warm up
    let runs = 0;
    const start = performance.now();
    while (performance.now() - start < minMs) {
      fn();
      runs++;
    }
    return (performance.now() - start) / runs;
  };
  const width = names.length;
  const count = 1000;
  const instances = new Float32Array(rows.slice(0, count).flat());
  const backgroundRows = new Float32Array(background.flat());
  const results = [];
  for (const [mode, interactions] of [
    ['path', false],
    ['interventional', false],
    ['path', true],
    ['interventional', true],
  ]) {
    const config = JSON.stringify({ feature_names: names, tree_mode: mode, interactions });
    const create = () => core.createTreeExplainer(modelText, config, backgroundRows);
    const setupMs = time(() => create().delete(), 3000);
    const explainer = create();
    const batchMs = time(() => explainer.explainJson(instances));
    let r = 0;
    const singleMs = time(() => {
      explainer.explainJson(instances.subarray(r * width, (r + 1) * width));
      r = (r + 1) % count;
    });
    explainer.delete();
    const rowUs = (batchMs / count) * 1000;
    results.push({ mode, interactions, rowUs, singleUs: singleMs * 1000, setupMs });
  }
  return results;
}

/** The markdown table of treeShapTimes' results. */
export function timesTable(results) {
  const us = (value) => `${value.toFixed(1)} µs`;
  return [
    '| mode | per row, 1,000 rows in one call | per row, one call each | setup (parse + tables) |',
    '| --- | --- | --- | --- |',
    ...results.map(({ mode, interactions, rowUs, singleUs, setupMs }) => {
      const name = interactions ? `${mode} + interactions` : mode;
      return `| ${name} | ${us(rowUs)} | ${us(singleUs)} | ${setupMs.toFixed(1)} ms |`;
    }),
  ].join('\n');
}
