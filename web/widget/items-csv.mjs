// An items CSV (a header with `item` and `title` columns, other columns kept; MovieLens's
// items.csv is one) as a Map from item id to its fields, with `name`, the title as readers
// know it: MovieLens's "Matrix, The" becomes "The Matrix", and a `year` column is added in
// parentheses. Titles are data: pages show them as text only.
import { splitLine } from './numeric-csv.mjs';

const trailingArticle = /^(.*), (The|A|An)$/;

export function parseItemsCsv(text, source = 'the items CSV') {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = splitLine(lines[0] ?? '').map((name) => name.trim());
  for (const column of ['item', 'title']) {
    if (!header.includes(column)) throw new Error(`${source} has no "${column}" column`);
  }
  const items = new Map();
  lines.slice(1).forEach((line, i) => {
    const cells = splitLine(line);
    const fields = Object.fromEntries(header.map((name, j) => [name, cells[j] ?? '']));
    const id = Number(fields.item);
    if (!Number.isSafeInteger(id) || id < 0 || fields.item.trim() === '') {
      throw new Error(`${source} line ${i + 2}: item ${JSON.stringify(fields.item)} is not an id`);
    }
    items.set(id, { ...fields, id, name: readableTitle(fields.title, fields.year) });
  });
  return items;
}

/** "Matrix, The" and 1999 → "The Matrix (1999)". */
export function readableTitle(title, year) {
  const name = title.trim().replace(trailingArticle, '$2 $1');
  return year && String(year).trim() ? `${name} (${String(year).trim()})` : name;
}
