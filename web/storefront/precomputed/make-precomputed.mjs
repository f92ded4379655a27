// The storefront's precomputed data, as a nightly batch job and a shop's server would make them:
// each demo user's top 12 candidates by the model's score (top-items.csv, the batch's table), then
// per user what the shop sends with that user's page: the recommended items as the cards show them
// with the model's features (recommendations/USER.json) and `whyrec explain`'s JSON for those rows
// (explanations/USER.json, row r explaining item r), and the list of shoppers (shoppers.json).
//
//   node web/storefront/precomputed/make-precomputed.mjs
// runs, after ranking, for each user's rows A..A+11 of the table:
//   build/native/whyrec explain --model examples/demo/ctr_mlp.onnx --output prob \
//     --data web/storefront/precomputed/top-items.csv --background examples/demo/background.csv \
//     --drop user_id item_id --rows A:A+12 --out web/storefront/precomputed/explanations/USER.json
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { close, predict } from '../../whyrec.mjs';

const topCount = 12;
const root = new URL('../../../', import.meta.url);
const path = (relative) => fileURLToPath(new URL(relative, root));
const here = 'web/storefront/precomputed/';
// The page shows money as the shop's server writes it, so that it needs no Intl (whose first use
// costs a cold page 25-40 ms here).
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR' });

const meta = JSON.parse(await readFile(path('examples/demo/meta.json'), 'utf8'));
// Rows as objects of text cells, so that top-items.csv repeats them as the data set writes them.
const table = async (file) => {
  const text = await readFile(path(file), 'utf8');
  const { data, errors } = Papa.parse(text, { header: true, skipEmptyLines: true });
  if (errors.length) throw new Error(`${file}: ${errors[0].message} (row ${errors[0].row})`);
  return data;
};
const [candidates, users, items] = await Promise.all(
  ['candidates.csv', 'users.csv', 'items.csv'].map((file) => table(`examples/demo/${file}`)),
);
const features = (row) => meta.feature_names.map((name) => Number(row[name]));
const scores = await predict({
  model: path(`examples/demo/${meta.model}`),
  rows: candidates.map(features),
  output: meta.output,
});
await close();

// Node 20 has no Map.groupBy.
const byUser = new Map();
candidates.forEach((row, i) => {
  if (!byUser.has(row.user_id)) byUser.set(row.user_id, []);
  byUser.get(row.user_id).push({ row, score: scores[i] });
});
const topByUser = new Map(
  [...byUser].map(([user, rows]) => [
    user,
    rows
      .toSorted((a, b) => b.score - a.score)
      .slice(0, topCount)
      .map(({ row }) => row),
  ]),
);
const tableColumns = ['user_id', 'item_id', ...meta.feature_names];
await writeFile(
  path(`${here}top-items.csv`),
  [
    tableColumns.join(','),
    ...users
      .flatMap(({ user_id }) => topByUser.get(user_id) ?? [])
      .map((row) => tableColumns.map((name) => row[name]).join(',')),
  ].join('\n') + '\n',
);

const itemsById = new Map(items.map((item) => [item.item_id, item]));
const json = (value) => JSON.stringify(value) + '\n';
for (const folder of ['recommendations', 'explanations']) {
  await rm(path(`${here}${folder}`), { recursive: true, force: true });
  await mkdir(path(`${here}${folder}`));
}
// Row `first` of top-items.csv is the user's first (the table is in users.csv's order).
let first = 0;
for (const user of users) {
  const rows = topByUser.get(user.user_id);
  if (!rows) throw new Error(`candidates.csv: no candidates for ${user.user_id}`);
  const page = {
    shopper: {
      user_id: user.user_id,
      name: user.name,
      usual_spend: money.format(Number(user.usual_spend)),
      favourite_categories: user.favourite_categories.split(';'),
    },
    feature_names: meta.feature_names,
    items: rows.map((row) => {
      const item = itemsById.get(row.item_id);
      return {
        item_id: item.item_id,
        title: item.title,
        category: item.category,
        brand: item.brand,
        price: money.format(Number(item.price)),
        rating: Number(item.rating),
        discount_pct: Number(item.discount_pct),
        features: features(row),
      };
    }),
  };
  await writeFile(path(`${here}recommendations/${user.user_id}.json`), json(page));
  execFileSync(
    path('build/native/whyrec'),
    [
      'explain',
      ...['--model', 'examples/demo/ctr_mlp.onnx', '--output', meta.output],
      ...['--data', `${here}top-items.csv`, '--background', 'examples/demo/background.csv'],
      ...['--drop', 'user_id', 'item_id', '--rows', `${first}:${first + rows.length}`],
      ...['--out', `${here}explanations/${user.user_id}.json`],
    ],
    { cwd: path('.'), stdio: 'inherit' },
  );
  first += rows.length;
}
await writeFile(
  path(`${here}shoppers.json`),
  json(users.map(({ user_id, name }) => ({ user_id, name }))),
);
