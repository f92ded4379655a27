// An items CSV (a header with `item` and `title` columns, other columns kept; MovieLens's
// items.csv is one) as a Map from item id to its fields, with `name`, the title as readers
// know it: MovieLens's "Matrix, The" becomes "The Matrix", and a `year` column is added in
// parentheses. Titles are data: pages show them as text only.
// It refuses what the CLI's reader of the same file (native/item_catalog.cpp) refuses, naming the
// line and column: a row whose cells do not match the header (an unquoted comma in a title would
// otherwise shift every later column), an id that is not written as a non-negative integer, one
// listed twice, an empty title. Ids stop at 2^53, as the widget's item-to-item reader's do: past
// it a JS number no longer tells ids apart.
import { nonBlankLines, splitLine } from './numeric-csv.mjs';

const trailingArticle = /^(.*), (The|A|An)$/;
const digits = /^\d+$/;

export function parseItemsCsv(text, source = 'the items CSV') {
  const lines = nonBlankLines(text);
  const header = splitLine(lines[0]?.line ?? '').map((name) => name.trim());
  for (const column of ['item', 'title']) {
    if (!header.includes(column)) throw new Error(`${source} has no "${column}" column`);
  }
  // A column named twice is read where it is first, as the CLI reads it.
  const columns = header
    .map((name, j) => [name, j])
    .filter(([name], j) => header.indexOf(name) === j);
  const items = new Map();
  const firstLine = new Map();
  for (const { line, number } of lines.slice(1)) {
    const where = `${source} line ${number}`;
    const cells = splitLine(line);
    if (cells.length !== header.length) {
      throw new Error(`${where} has ${cells.length} cells, the header ${header.length}`);
    }
    const fields = Object.fromEntries(columns.map(([name, j]) => [name, cells[j]]));
    const id = itemId(fields.item, where);
    if (firstLine.has(id)) {
      throw new Error(`${where}: item ${id} is listed twice (first on line ${firstLine.get(id)})`);
    }
    firstLine.set(id, number);
    if (fields.title.trim() === '') throw new Error(`${where}, column "title": empty title`);
    items.set(id, { ...fields, id, name: readableTitle(fields.title, fields.year) });
  }
  return items;
}

function itemId(cell, where) {
  const text = cell.trim();
  // Compared exactly: as a number, 2^53 + 1 would read as 2^53.
  if (!digits.test(text) || BigInt(text) > 2n ** 53n) {
    throw new Error(`${where}: item ${JSON.stringify(cell)} is not an id (0 to 2^53, in digits)`);
  }
  return Number(text);
}

/** "Matrix, The" and 1999 → "The Matrix (1999)". */
export function readableTitle(title, year) {
  const name = title.trim().replace(trailingArticle, '$2 $1');
  return year && String(year).trim() ? `${name} (${String(year).trim()})` : name;
}
