// The MovieLens example (examples/movielens/): items.csv (ids and titles), sessions.csv (each
// user's rated films in time order) and histories.csv (no header, one line per user in
// sessions.csv's order: the last ≤ 50 films the model reads, oldest first). Every title is
// untrusted text: the page shows it with textContent only.
import { parseItemsCsv } from '../widget/items-csv.mjs';
import { readHistories } from '../whyrec.mjs';

const folder = new URL('../../examples/movielens/', import.meta.url);

export const modelUrl = new URL('sasrec.onnx', folder).href;
// The same network from item embeddings on: integrated gradients walk a path in that space.
export const embeddingsModelUrl = new URL('sasrec_embeddings.onnx', folder).href;

/** { items: Map id → { name, genres, … }, users: [{ user, rated, history }] }. */
export async function loadMovieLens() {
  const [items, sessions, histories] = await Promise.all(
    ['items.csv', 'sessions.csv', 'histories.csv'].map(fetchText),
  );
  const users = lines(sessions)
    .slice(1)
    .map((line, i) => {
      const [user, rated = ''] = line.split(',');
      return { user: user.trim(), rated: ids(rated, /\s+/, `sessions.csv line ${i + 2}`).length };
    });
  const windows = await readHistories({ text: histories, source: 'histories.csv' });
  if (windows.length !== users.length) {
    throw new Error(`histories.csv has ${windows.length} lines for ${users.length} users`);
  }
  users.forEach((user, i) => {
    user.history = windows[i];
  });
  return { items: parseItemsCsv(items, 'items.csv'), users };
}

/** The name of an item id, or "item <id>" for an id items.csv does not list. */
export function itemName(items, id) {
  return items.get(id)?.name ?? `item ${id}`;
}

function ids(text, separator, where) {
  const list = text.trim().split(separator).filter(Boolean).map(Number);
  if (list.some((id) => !Number.isSafeInteger(id) || id < 1)) {
    throw new Error(`${where}: item ids must be positive integers`);
  }
  return list;
}

function lines(text) {
  return text.split(/\r?\n/).filter((line) => line.trim() !== '');
}

async function fetchText(file) {
  const response = await fetch(new URL(file, folder));
  if (!response.ok) throw new Error(`could not load ${file}: HTTP ${response.status}`);
  return response.text();
}
