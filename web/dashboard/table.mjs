// A CSV of rows as the dashboard reads it: every column has a role, suggested from its name and
// content and changed by the user: a feature (a model input: numbers and missing cells), an id
// (labels the rows), the label (the true outcome: shown with the row, never a model input) or
// dropped. Roles are checked when they are set, so that a column that cannot be a feature fails
// there, naming the column and its first cell that is not a number.
import { isMissingCell } from '../widget/numeric-csv.mjs';

export const roles = ['feature', 'id', 'label', 'drop'];

const idName = /(^|[_\s-])id$|^id[_\s-]|^(id|key|uuid)$/i;
const labelName = /^(label|target|y|class|outcome|clicked|click|converted|purchased)$/i;

/** A CSV's columns with suggested roles; `roles` overrides some by name. */
export function readCsv(text, name, overrides = {}) {
  const { data, errors, meta } = Papa.parse(text.replace(/^\uFEFF/, ''), {
    header: true,
    dynamicTyping: true,
    skipEmptyLines: true,
  });
  if (errors.length) throw new Error(`${name}: ${errors[0].message} (row ${errors[0].row + 1})`);
  if (data.length === 0) throw new Error(`${name} has no rows`);
  const columns = meta.fields.map((field) => {
    const numeric = firstNonNumber(data, field) === -1 && data.some((row) => isNumber(row[field]));
    return { name: field, numeric, role: overrides[field] ?? suggestedRole(field, numeric) };
  });
  return withRoles({ name, data, columns });
}

function suggestedRole(field, numeric) {
  if (labelName.test(field)) return 'label';
  if (!numeric || idName.test(field)) return 'id';
  return 'feature';
}

/**
 * The table with `column` set to `role`: names (the features, in column order), rows (their
 * values, null where missing), ids (each row's id and label text).
 */
export function withRoles(table, column, role) {
  const columns = table.columns.map((c) => (c.name === column ? { ...c, role } : c));
  const features = columns.filter((c) => c.role === 'feature');
  for (const c of features) {
    const at = firstNonNumber(table.data, c.name);
    if (at >= 0) {
      throw new Error(
        `${table.name}: column "${c.name}" cannot be a feature: row ${at + 1} holds ` +
          `"${table.data[at][c.name]}", not a number (make it an id, or drop it)`,
      );
    }
  }
  if (features.length === 0) {
    throw new Error(`${table.name} has no feature columns: give at least one column that role`);
  }
  const names = features.map((c) => c.name);
  const shown = columns.filter((c) => c.role === 'id' || c.role === 'label');
  return {
    ...table,
    columns,
    names,
    rows: table.data.map((row) =>
      names.map((field) => (isMissingCell(row[field]) ? null : row[field])),
    ),
    ids: table.data.map((row) => shown.map((c) => `${c.name} ${row[c.name]}`).join(' · ')),
  };
}

/**
 * A background file's rows for the table's features, read by column name in the features' order
 * (its other columns are left out); a feature it lacks, or a cell that is not a number, is an
 * error naming it.
 */
export function backgroundRows(background, names) {
  const have = new Set(background.columns.map((c) => c.name));
  const missing = names.filter((name) => !have.has(name));
  if (missing.length) {
    throw new Error(
      `${background.name} lacks the feature column${missing.length > 1 ? 's' : ''} ` +
        `${missing.map((name) => `"${name}"`).join(', ')} of the rows to explain`,
    );
  }
  const columns = names.map((name) => ({ name, role: 'feature' }));
  return withRoles({ ...background, columns }).rows;
}

/** `count` rows spread evenly over the table (a deterministic sample). */
export function sampleRows(rows, count) {
  if (rows.length <= count) return rows;
  return Array.from({ length: count }, (_, i) => rows[Math.floor((i * rows.length) / count)]);
}

function isNumber(cell) {
  return typeof cell === 'number' && Number.isFinite(cell);
}

function firstNonNumber(data, field) {
  return data.findIndex((row) => !isNumber(row[field]) && !isMissingCell(row[field]));
}
