// The storefront's precomputed explanations, as a nightly batch job would make them: each demo
// user's top 12 candidates by the model's score (top-items.csv), then `whyrec explain` on those
// rows (explanations.json, the CLI's JSON: row r explains line r + 2 of top-items.csv).
//
//   node web/storefront/precomputed/make-precomputed.mjs
// runs, after ranking:
//   build/native/whyrec explain --model examples/demo/ctr_mlp.onnx --output prob \
//     --data web/storefront/precomputed/top-items.csv --background examples/demo/background.csv \
//     --drop user_id item_id --out web/storefront/precomputed/explanations.json
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { close, predict } from '../../whyrec.mjs';

export const topCount = 12;
const root = new URL('../../../', import.meta.url);
const path = (relative) => fileURLToPath(new URL(relative, root));
const here = 'web/storefront/precomputed/';

const meta = JSON.parse(await readFile(path('examples/demo/meta.json'), 'utf8'));
const [header, ...lines] = (await readFile(path('examples/demo/candidates.csv'), 'utf8'))
  .trim()
  .split('\n');
const columns = header.split(',');
const candidates = lines.map((line) => line.split(','));
const featureColumns = meta.feature_names.map((name) => columns.indexOf(name));
const scores = await predict({
  model: path(`examples/demo/${meta.model}`),
  rows: candidates.map((cells) => featureColumns.map((j) => Number(cells[j]))),
  output: meta.output,
});
await close();

// Node 20 has no Map.groupBy.
const byUser = new Map();
candidates.forEach((cells, i) => {
  const user = cells[columns.indexOf('user_id')];
  if (!byUser.has(user)) byUser.set(user, []);
  byUser.get(user).push({ cells, score: scores[i] });
});
const ids = ['user_id', 'item_id'].map((name) => columns.indexOf(name));
const top = [...byUser.values()].flatMap((rows) =>
  rows.toSorted((a, b) => b.score - a.score).slice(0, topCount),
);
await writeFile(
  path(`${here}top-items.csv`),
  [
    ['user_id', 'item_id', ...meta.feature_names].join(','),
    ...top.map(({ cells }) => [...ids, ...featureColumns].map((j) => cells[j]).join(',')),
  ].join('\n') + '\n',
);
execFileSync(
  path('build/native/whyrec'),
  [
    'explain',
    ...['--model', 'examples/demo/ctr_mlp.onnx', '--output', meta.output],
    ...['--data', `${here}top-items.csv`, '--background', 'examples/demo/background.csv'],
    ...['--drop', 'user_id', 'item_id', '--out', `${here}explanations.json`],
  ],
  { cwd: path('.'), stdio: 'inherit' },
);
