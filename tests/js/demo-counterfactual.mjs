// What the feature-counterfactual tests share: the demo's candidate lists (by user) and the CLI
// flags of one request; the JS API test asks the same with `settings`.
import { readFile } from 'node:fs/promises';
import { demo, parseCsv } from './demo-cli.mjs';

export const candidates = parseCsv(await readFile(demo + 'candidates.csv', 'utf8'));
export const background = parseCsv(await readFile(demo + 'background.csv', 'utf8'));
export const names = background.header;
export const featuresOf = (cells) =>
  names.map((name) => Number(cells[candidates.header.indexOf(name)]));
export const immutable = ['user_activity', 'item_popularity', 'item_rating', 'item_age_days'];
export const settings = {
  k: 10,
  count: 2,
  immutable,
  steps: { shipping_days: 1, discount_pct: 5 },
};
export const cliArgs = [
  'counterfactual',
  '--model',
  demo + 'ctr_mlp.onnx',
  '--output',
  'prob',
  '--data',
  demo + 'candidates.csv',
  '--group',
  'user_id',
  '--drop',
  'item_id,label',
  '--background',
  demo + 'background.csv',
  '--immutable',
  immutable.join(','),
  '--step',
  'shipping_days=1,discount_pct=5',
  '--k',
  '10',
  '--count',
  '2',
];
