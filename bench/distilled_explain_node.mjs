// A distilled GA2M's explanations through the JS API in Node, one row per call as the widget asks:
// the demo's model (examples/demo/ctr_mlp_distilled.json) in the widget's distilled core against
// the demo's 100 background rows, rows 0..N-1 of that background explained in turn. Prints the
// first call (core loaded, model read) and the mean and median of the others.
//
//   node bench/distilled_explain_node.mjs [--calls 60]
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseNumericCsv } from '../web/widget/numeric-csv.mjs';
import { close, configureDefaults, explain } from '../web/whyrec.mjs';

const { values: args } = parseArgs({ options: { calls: { type: 'string', default: '60' } } });
const calls = Number(args.calls);
if (!Number.isInteger(calls) || calls < 2)
  throw new Error(`--calls must be an integer >= 2, got ${args.calls}`);
const root = new URL('../', import.meta.url);
const { names: featureNames, rows: background } = parseNumericCsv(
  await readFile(new URL('examples/demo/background.csv', root), 'utf8'),
  'examples/demo/background.csv',
);
configureDefaults({ distilledCoreUrl: new URL('build/wasm/whyrec_distilled.mjs', root) });
const model = new URL('examples/demo/ctr_mlp_distilled.json', root).href;
const times = [];
for (let i = 0; i < calls; i++) {
  const start = performance.now();
  await explain({ model, instance: background[i % background.length], background, featureNames });
  times.push(performance.now() - start);
}
await close();
const rest = times.slice(1).toSorted((a, b) => a - b);
const mean = rest.reduce((sum, t) => sum + t, 0) / rest.length;
console.log(
  `first call ${times[0].toFixed(1)} ms; calls 2-${times.length}: mean ${mean.toFixed(2)} ms, ` +
    `median ${rest[Math.floor(rest.length / 2)].toFixed(2)} ms`,
);
