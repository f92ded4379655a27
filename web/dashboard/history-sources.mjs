// What the History tab explains, from the user's files or the MovieLens example: a history model
// (ONNX bytes or a URL), optionally its embeddings form, the histories (a ragged CSV without a
// header: one history per line, comma-separated item ids, oldest first) and optionally an items
// CSV of titles. Every name and title is untrusted text: the page shows it with textContent.
import { parseItemsCsv } from '../widget/items-csv.mjs';
import { readHistories } from '../whyrec.mjs';

const folder = new URL('../../examples/movielens/', import.meta.url);

/** The MovieLens example: its SASRec model, embeddings form, histories and titles. */
export async function movieLensSources() {
  const [histories, items] = await Promise.all(['histories.csv', 'items.csv'].map(fetchText));
  const example = (file) => ({ name: `${file} (example)`, isExample: true });
  const onnx = (file) => ({ ...example(file), source: new URL(file, folder).href });
  return {
    model: onnx('sasrec.onnx'),
    embeddings: onnx('sasrec_embeddings.onnx'),
    histories: {
      ...example('histories.csv'),
      list: await parseHistoriesCsv(histories, 'histories.csv'),
    },
    items: { ...example('items.csv'), map: parseItemsCsv(items, 'items.csv') },
  };
}

/**
 * A chosen ONNX file. Its bytes object is kept for as long as the file is the chosen one: the
 * worker keeps one ONNX Runtime session per bytes object, so a new one would load it again.
 */
export async function onnxFromFile(file) {
  return { name: file.name, source: await file.arrayBuffer(), isExample: false };
}

export async function historiesFromFile(file) {
  return {
    name: file.name,
    list: await parseHistoriesCsv(await file.text(), file.name),
    isExample: false,
  };
}

export async function itemsFromFile(file) {
  return { name: file.name, map: parseItemsCsv(await file.text(), file.name), isExample: false };
}

/**
 * [{ line, items }]: the histories as the CLI reads them (the core's reader: line r + 1 is
 * history r, a blank line is an error), with their line numbers for messages.
 */
async function parseHistoriesCsv(text, source) {
  const histories = await readHistories({ text, source });
  return histories.map((items, i) => ({ line: i + 1, items }));
}

/** The title of `id` in an items map (null when there is no items file or it lacks the id). */
export function titleOf(items, id) {
  return items?.map.get(id)?.name || null;
}

/** What an item is called on this page: its title, else "item <id>". */
export function itemLabel(items, id) {
  return titleOf(items, id) ?? `item ${id}`;
}

async function fetchText(file) {
  const response = await fetch(new URL(file, folder));
  if (!response.ok) throw new Error(`could not load ${file}: HTTP ${response.status}`);
  return response.text();
}
