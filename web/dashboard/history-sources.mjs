// What the History tab explains, from the user's files or the MovieLens example: a history model
// (ONNX bytes or a URL), optionally its embeddings form, the histories (a ragged CSV without a
// header: one history per line, comma-separated item ids, oldest first) and optionally an items
// CSV of titles. Every name and title is untrusted text: the page shows it with textContent.
import { parseItemsCsv } from '../widget/items-csv.mjs';

const folder = new URL('../../examples/movielens/', import.meta.url);
const itemId = /^\s*\d+\s*$/;

/** The MovieLens example: its SASRec model, embeddings form, histories and titles. */
export async function movieLensSources() {
  const [histories, items] = await Promise.all(['histories.csv', 'items.csv'].map(fetchText));
  const example = (file) => ({ name: `${file} (example)`, isExample: true });
  const onnx = (file) => ({ ...example(file), source: new URL(file, folder).href });
  return {
    model: onnx('sasrec.onnx'),
    embeddings: onnx('sasrec_embeddings.onnx'),
    histories: { ...example('histories.csv'), list: parseHistoriesCsv(histories, 'histories.csv') },
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
    list: parseHistoriesCsv(await file.text(), file.name),
    isExample: false,
  };
}

export async function itemsFromFile(file) {
  return { name: file.name, map: parseItemsCsv(await file.text(), file.name), isExample: false };
}

/**
 * [{ line, items }]: each non-blank line's item ids (non-negative integers), with its line
 * number in the file for messages. Errors name the line and the item that is wrong.
 */
function parseHistoriesCsv(text, source) {
  const histories = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const items = line.split(',').map((cell, j) => {
      const id = itemId.test(cell) ? Number(cell) : NaN;
      if (!Number.isSafeInteger(id)) {
        // A header is the likeliest reason for a first line that is not ids.
        const hint = i === 0 ? '; a histories file has no header line' : '';
        throw new Error(
          `${source} line ${i + 1}, item ${j + 1}: ${JSON.stringify(cell.trim())} is not an ` +
            `item id (a whole number, 0 or more)${hint}`,
        );
      }
      return id;
    });
    histories.push({ line: i + 1, items });
  });
  if (histories.length === 0) {
    throw new Error(`${source} has no histories: one per line, comma-separated item ids`);
  }
  return histories;
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
