// A numeric CSV (a header of feature names, then rows of numbers) as { names, rows }: what a
// background file is. Quoted header names (RFC 4180) are allowed; every cell below must be a
// finite number or a missing value (null), and errors name the line and column.

// Cells that mean a missing value, as the CLI reads them by default (--missing-values).
const missingCells = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'NULL', 'null']);

/** Whether a cell (text, or null as Papa Parse types an empty one) is a missing value. */
export const isMissingCell = (cell) =>
  cell === null || cell === undefined || missingCells.has(String(cell).trim());

// A decimal number as the CLI's reader takes it (native/parse_number.h: from_chars's syntax and a
// leading '+'), around spaces: JavaScript's Number() would also read "0x1F" or "0b1".
const decimal = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** A text's lines that are not blank, each with its number as an editor shows it (from 1). */
export function nonBlankLines(text) {
  return text
    .split(/\r?\n/)
    .map((line, i) => ({ line, number: i + 1 }))
    .filter(({ line }) => line.trim() !== '');
}

export function parseNumericCsv(text, source = 'the CSV') {
  const lines = nonBlankLines(text);
  if (lines.length < 2) throw new Error(`${source} needs a header and at least one row`);
  const names = splitLine(lines[0].line);
  const rows = lines.slice(1).map(({ line, number }) => {
    const cells = splitLine(line);
    if (cells.length !== names.length) {
      throw new Error(
        `${source} line ${number} has ${cells.length} cells, the header ${names.length}`,
      );
    }
    return cells.map((cell, j) => {
      if (isMissingCell(cell)) return null;
      const value = Number(cell);
      if (!decimal.test(cell) || !Number.isFinite(value)) {
        throw new Error(
          `${source} line ${number}, column "${names[j]}": ${JSON.stringify(cell)} is not a number`,
        );
      }
      return value;
    });
  });
  return { names, rows };
}

/** The cells of one CSV line (RFC 4180 quoting; a quoted cell may not span lines). */
export function splitLine(line) {
  // Most lines quote nothing: split at once (character by character costs a cold page ~8 ms for
  // the demo's 100-row background).
  if (!line.includes('"')) return line.split(',');
  const cells = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') cell += line[++i];
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}
