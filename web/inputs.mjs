// Turns the rows a caller passes (arrays of numbers, typed arrays, or one flat typed array) into
// the row-major float32 matrices the core and ONNX Runtime take, and says exactly what is wrong
// with them, naming the row and the feature. A missing value (null or NaN) becomes NaN, which
// trees route as the model says and other methods pass to the model, unless the request says
// `missing: 'error'`.

/**
 * A row-major Float32Array copy of `rows`, `names.length` values each. `what` names the rows in
 * error messages ('instance', 'background'); `missing` is 'allow' (default) or 'error'.
 */
export function toMatrix(rows, names, what, missing = 'allow') {
  const refuseMissing = missingPolicy(missing) === 'error';
  const width = names.length;
  if (ArrayBuffer.isView(rows)) return flatMatrix(rows, names, what, refuseMissing);
  if (!Array.isArray(rows)) throw new Error(`${what} must be an array of rows`);
  const matrix = new Float32Array(rows.length * width);
  rows.forEach((row, i) => {
    if (row?.length !== width) {
      throw new Error(
        `${what} row ${i} has ${row?.length ?? 'no'} values, but there are ${width} features`,
      );
    }
    for (let j = 0; j < width; j++) {
      const value = row[j];
      if (value === null || Number.isNaN(value)) {
        if (refuseMissing) throw missingError(what, i, names[j], value);
        matrix[i * width + j] = NaN;
        continue;
      }
      matrix[i * width + j] = value;
      // Checked after the float32 conversion: 1e39 is finite as a double but not as a float.
      if (typeof value !== 'number' || !Number.isFinite(matrix[i * width + j])) {
        throw notANumber(what, i, names[j], value);
      }
    }
  });
  return matrix;
}

function missingPolicy(missing) {
  if (missing !== 'allow' && missing !== 'error') {
    throw new Error(`\`missing\` must be 'allow' or 'error', got ${JSON.stringify(missing)}`);
  }
  return missing;
}

function flatMatrix(values, names, what, refuseMissing) {
  const width = names.length;
  if (values.length % width !== 0) {
    throw new Error(
      `${what} has ${values.length} values, which is not a whole number of rows of ` +
        `${width} features`,
    );
  }
  const matrix = Float32Array.from(values, Number);
  const bad = matrix.findIndex(
    (value) => !Number.isFinite(value) && (refuseMissing || !Number.isNaN(value)),
  );
  if (bad >= 0) {
    const [row, feature] = [Math.floor(bad / width), names[bad % width]];
    if (Number.isNaN(matrix[bad])) throw missingError(what, row, feature, values[bad]);
    throw notANumber(what, row, feature, values[bad]);
  }
  return matrix;
}

function notANumber(what, row, feature, value) {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return new Error(
    `${what} row ${row}, feature "${feature}": ${shown} is not a finite number ` +
      '(nor a missing value: null or NaN)',
  );
}

function missingError(what, row, feature, value) {
  return new Error(
    `${what} row ${row}, feature "${feature}" is missing (${value}), and \`missing: 'error'\` ` +
      'refuses missing values',
  );
}

/** The rows to explain: `instance` (one row) or `instances` (several), exactly one of them. */
export function instanceRows({ instance, instances }) {
  if ((instance === undefined) === (instances === undefined)) {
    throw new Error('give exactly one of `instance` (one row) or `instances` (several rows)');
  }
  if (instances !== undefined) return instances;
  if (!ArrayBuffer.isView(instance) && !Array.isArray(instance)) {
    throw new Error('`instance` must be an array of numbers');
  }
  return [instance];
}

/** The names given, or x0, x1, … for rows of `width` values (when that is known). */
export function featureNamesFor(names, width) {
  if (names !== undefined) {
    if (!Array.isArray(names) || !names.every((name) => typeof name === 'string')) {
      throw new Error('`featureNames` must be an array of strings');
    }
    return names;
  }
  if (!Number.isInteger(width) || width <= 0) {
    throw new Error('give `featureNames`: the width of the rows cannot be read from them');
  }
  return Array.from({ length: width }, (_, j) => `x${j}`);
}

/** Values in the first row of an array of rows; undefined for a flat typed array. */
export function firstRowWidth(rows) {
  return ArrayBuffer.isView(rows) ? undefined : rows?.[0]?.length;
}

// An explain request's core config: method settings as they are (the core validates them),
// maxBatchRows winning over settings.max_batch_rows.
export function explainConfig(request, names, output) {
  return JSON.stringify({
    ...request.settings,
    feature_names: names,
    groups: request.groups,
    background_weights: request.backgroundWeights && Array.from(request.backgroundWeights),
    output,
    max_batch_rows: request.maxBatchRows ?? request.settings?.max_batch_rows,
  });
}
