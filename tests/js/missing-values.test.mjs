// Missing values end to end: XGBoost's reference rows with missing cells (null in
// examples/trees/expected/regression.json), written to CSV as empty cells and markers, give
// XGBoost's own pred_contribs and margins through the CLI; the JS API takes NaN and null alike
// and agrees with it; interventional TreeSHAP against a background with missing values equals
// the exact Shapley values of the same game; Kernel SHAP passes NaN to the model and stays
// efficient; what cannot take a missing value (a linear model, LIME, --missing error) says so,
// naming the file, row and feature.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { close, explain } from '../../web/whyrec.mjs';
import { root, run, runJson } from './demo-cli.mjs';
import { makeTempDir } from './temp-dir.mjs';

const trees = join(root, 'examples/trees/');
const model = trees + 'regression_xgb.json';
const expected = JSON.parse(await readFile(trees + 'expected/regression.json', 'utf8'));
const width = expected.rows[0].length;
const names = Array.from({ length: width }, (_, j) => `x${j}`);
const missingRows = expected.rows.flatMap((row, i) => (row.includes(null) ? [i] : []));
const dir = await makeTempDir('whyrec-missing-');

// Missing cells alternate between the empty cell and the markers the CLI reads by default.
const markers = ['', 'NA', 'nan', ' N/A ', 'null', 'NaN', 'NULL'];
let nextMarker = 0;
const cell = (value) => (value === null ? markers[nextMarker++ % markers.length] : String(value));
const rowsCsv = join(dir, 'rows.csv');
await writeFile(
  rowsCsv,
  [names.join(','), ...expected.rows.map((row) => row.map(cell).join(','))].join('\n') + '\n',
);
const cliArgs = (extra) => ['explain', '--model', model, '--data', rowsCsv, ...extra];

const near = (ours, theirs, what, tolerance = 1e-5) =>
  assert.ok(
    Math.abs(ours - theirs) <= tolerance * Math.max(1, Math.abs(theirs)),
    `${what}: ${ours} vs ${theirs}`,
  );

test('the reference rows have missing values, so these tests can fail', () => {
  assert.ok(missingRows.length >= 2, 'rows with a missing value');
  assert.ok(nextMarker >= 2, 'missing cells written');
});

test('path TreeSHAP of rows with empty and NA cells equals XGBoost pred_contribs', async () => {
  // --tree-mode path reads no background, so none is given.
  const out = await runJson(cliArgs(['--method', 'tree', '--tree-mode', 'path']));
  assert.equal(out.values.length, expected.rows.length);
  expected.contribs.forEach((contribs, i) => {
    for (let j = 0; j < width; j++) near(out.values[i][j], contribs[j], `row ${i} feature ${j}`);
    near(out.base_value, contribs[width], 'bias');
    near(out.model_output[i], expected.margin[i], `margin of row ${i}`);
  });
});

test('the JS API takes NaN and null as missing values and agrees with the CLI', async (t) => {
  t.after(close);
  const withNull = expected.rows;
  const withNaN = expected.rows.map((row) => row.map((value) => value ?? NaN));
  const background = expected.rows.filter((row) => !row.includes(null));
  const cli = await runJson(cliArgs(['--method', 'tree']));
  const fromNull = await explain({ model, instances: withNull, background });
  const fromNaN = await explain({ model, instances: withNaN, background });
  assert.deepEqual(fromNull.values, fromNaN.values);
  assert.deepEqual(fromNull.model_output, fromNaN.model_output);
  cli.values.forEach((row, i) =>
    row.forEach((value, j) => near(fromNull.values[i][j], value, `row ${i} feature ${j}`, 1e-9)),
  );
  await assert.rejects(
    explain({ model, instances: withNull, background, missing: 'error' }),
    new RegExp(`instance row ${missingRows[0]}, feature "x\\d+" is missing \\(null\\)`),
  );
  await assert.rejects(
    explain({ model, instances: [withNaN[0].map(() => Infinity)], background }),
    /instance row 0, feature "x0": Infinity is not a finite number/,
  );
});

test('interventional TreeSHAP against a background with missing values is exact', async () => {
  // The background is every reference row, missing values included; exact enumerates the
  // same game by evaluating the model, which routes NaN as the trees do.
  const both = ['--background', rowsCsv, '--rows', `${missingRows[0]}:${missingRows[0] + 2}`];
  const tree = await runJson(
    cliArgs([...both, '--method', 'tree', '--tree-mode', 'interventional']),
  );
  const exact = await runJson(cliArgs([...both, '--method', 'exact', '--output', 'margin']));
  assert.equal(tree.settings.background_rows, expected.rows.length);
  near(tree.base_value, exact.base_value, 'base value');
  tree.values.forEach((row, r) =>
    row.forEach((value, j) => near(value, exact.values[r][j], `row ${r} feature ${j}`)),
  );
});

test('Kernel SHAP passes NaN to the model: finite values that sum to f(x) - E f', async () => {
  const background = join(dir, 'complete.csv');
  const complete = expected.rows.filter((row) => !row.includes(null));
  await writeFile(background, [names.join(','), ...complete.map(String)].join('\n') + '\n');
  const row = missingRows[0];
  const out = await runJson(
    cliArgs([...['--background', background, '--rows', String(row)], '--method', 'kernel']),
  );
  const values = out.values[0];
  assert.ok(values.every(Number.isFinite), 'finite values');
  near(out.model_output[0], expected.margin[row], 'the model routes NaN as XGBoost does');
  near(
    values.reduce((a, b) => a + b, 0),
    out.model_output[0] - out.base_value,
    'efficiency',
    1e-6,
  );
});

test('what cannot take a missing value says which, naming file, row and feature', async () => {
  const linear = join(dir, 'linear.json');
  const coefficients = names.map((_, j) => j + 1);
  await writeFile(linear, JSON.stringify({ type: 'linear', coefficients, feature_names: names }));
  const row = missingRows[0];
  const feature = names[expected.rows[row].indexOf(null)];
  const rowName = `row ${row} \\(from 0 after the header, as --rows counts\\)`;
  const cases = [
    [
      cliArgs(['--missing', 'error', '--method', 'tree']),
      new RegExp(`rows\\.csv: ${rowName}, column '${feature}': missing value \\(.*\\), refused`),
    ],
    [
      [
        'explain',
        '--model',
        linear,
        '--data',
        rowsCsv,
        '--background',
        rowsCsv,
        '--rows',
        `${row}`,
        '--method',
        'linear',
      ],
      new RegExp(
        `the linear model cannot take a missing value \\(impute it\\): the instance's feature '${feature}' is missing`,
      ),
    ],
    [
      cliArgs(['--background', rowsCsv, '--rows', `${row}`, '--method', 'lime']),
      new RegExp(
        `LIME samples .* missing value .*: the instance's feature '${feature}' is missing`,
      ),
    ],
    [
      cliArgs(['--background', rowsCsv, '--method', 'kernel', '--background-summary', '2']),
      /a background summary \(k-means\) needs complete rows .*: background row \d+, column \d+ is missing/,
    ],
    [cliArgs(['--missing-values', 'NA', '--method', 'tree']), /'nan' is not a number/],
    [cliArgs(['--method', 'tree', '--tree-mode', 'interventional']), /needs --background/],
  ];
  for (const [args, message] of cases) {
    const result = await run(args);
    assert.notEqual(result.code, 0, args.join(' '));
    assert.match(result.stderr, message);
  }
});

test('--rows clamps a slice past the end as Python does; an empty one is an error', async () => {
  const n = expected.rows.length;
  const tail = await runJson(cliArgs(['--method', 'tree', '--rows', `${n - 2}:${n + 100}`]));
  assert.deepEqual(tail.settings.rows, [n - 2, n]);
  assert.equal(tail.values.length, 2);
  const empty = await run(cliArgs(['--method', 'tree', '--rows', `${n + 100}:${n + 200}`]));
  assert.notEqual(empty.code, 0);
  assert.match(
    empty.stderr,
    new RegExp(`selects no rows of .*rows\\.csv, which has ${n} data rows`),
  );
});
