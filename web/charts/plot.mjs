// Observable Plot for every chart. Pages load its UMD build first (the global `Plot`, as the demo
// does), because a browser cannot resolve the npm package's bare `d3` imports without a bundler;
// Node (the chart tests) imports the package.
export const Plot = globalThis.Plot ?? (await importPackage());

async function importPackage() {
  try {
    return await import('@observablehq/plot');
  } catch (error) {
    throw new Error(
      'whyrec charts need Observable Plot: load node_modules/@observablehq/plot/dist/' +
        `plot.umd.min.js (after d3) before them (${error.message})`,
    );
  }
}
