// Reading the explanation JSON (README "Output JSON") for charts: one row, a field over all rows,
// the feature values, the readable name of a player. When the explained output has several
// columns every entry is an array of them, and charts pick one (`outputIndex`).

/** A number of a per-row entry: itself, or column `outputIndex` of a multi-output entry. */
export function pick(entry, outputIndex = 0) {
  return Array.isArray(entry) ? entry[outputIndex] : entry;
}

/** The rows × players numbers of a field (values, std_errors, weights…) for one output. */
export function matrix(explanation, field, outputIndex = 0) {
  const rows = explanation[field];
  if (!Array.isArray(rows)) {
    throw new Error(`the explanation has no "${field}" (method "${explanation.method}")`);
  }
  return rows.map((row) => row.map((entry) => pick(entry, outputIndex)));
}

/** A per-row scalar field (model_output, intercept, precision…) at a row; a plain number too. */
export function scalarAt(explanation, field, row = 0, outputIndex = 0) {
  const entry = explanation[field];
  return pick(Array.isArray(entry) ? entry[row] : entry, outputIndex);
}

/** base_value for one output. */
export function baseValue(explanation, outputIndex = 0) {
  return pick(explanation.base_value, outputIndex);
}

/**
 * The explained rows' feature values (rows × players) from `options.data` or an explanation that
 * carries them (`data`, as the dashboard's downloads do); null when neither has them.
 */
export function featureValues(explanation, { data } = {}) {
  return data ?? explanation.data ?? null;
}

/** One row's feature values: `options.instance`, or that row of the feature values. */
export function rowValues(explanation, options = {}) {
  return options.instance ?? featureValues(explanation, options)?.[options.row ?? 0];
}

/** The name a reader sees for a player: options.labels[name] when given. */
export function labelOf(name, labels) {
  return labels?.[name] ?? name;
}

const formats = {
  value: new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 }),
  fixed: new Intl.NumberFormat('en-US', { minimumFractionDigits: 3, maximumFractionDigits: 3 }),
  signed: new Intl.NumberFormat('en-US', {
    minimumFractionDigits: 3,
    maximumFractionDigits: 3,
    signDisplay: 'always',
  }),
  percent: new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }),
  error: new Intl.NumberFormat('en-US', { maximumSignificantDigits: 2 }),
};

/**
 * Shared number formats: value (feature values), fixed, signed (contributions), percent, error
 * (standard errors, two significant digits).
 */
export const format = Object.fromEntries(
  Object.entries(formats).map(([name, intl]) => [name, (x) => intl.format(x)]),
);

/**
 * "name = value" when the feature value is given, "name = missing" for a missing value (NaN, or
 * null as JSON writes NaN), the name alone when no value is given.
 */
export function featureLabel(name, value, labels) {
  const label = labelOf(name, labels);
  if (value === undefined) return label;
  if (value === null || Number.isNaN(value)) return `${label} = missing`;
  return `${label} = ${format.value(value)}`;
}
