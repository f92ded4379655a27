// The widget's plain-language reasons (web/widget/reasons.mjs) and its background CSV reader: the
// ranking follows the values, templates pick the case that holds for the feature value and fill
// their placeholders, names and values stay plain text, and the demo's templates cover every
// demo feature.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { parseNumericCsv } from '../../web/widget/numeric-csv.mjs';
import { readableName, sentence, topReasons } from '../../web/widget/reasons.mjs';

const demo = new URL('../../examples/demo/', import.meta.url);
const templates = JSON.parse(await readFile(new URL('reasons.json', demo), 'utf8'));
const meta = JSON.parse(await readFile(new URL('meta.json', demo), 'utf8'));

const explanation = (values, names = values.map((_, j) => `f${j}`)) => ({
  feature_names: names,
  values: [values],
});

test('reasons are the largest positive contributions, largest first', () => {
  const reasons = topReasons(explanation([0.1, -0.5, 0.3, 0.02, 0.2]), { count: 3 });
  assert.deepEqual(
    reasons.map((r) => r.feature),
    ['f2', 'f4', 'f0'],
  );
  assert.deepEqual(
    reasons.map((r) => r.value),
    [0.3, 0.2, 0.1],
  );
  // Bars are relative to the largest magnitude in the row, negative ones included.
  assert.deepEqual(
    reasons.map((r) => r.share),
    [0.6, 0.4, 0.2],
  );
  assert.equal(topReasons(explanation([0.1, -0.5, 0.3]), { count: 1 }).length, 1);
});

test('negligible contributions are no reasons; only what raised the score is one', () => {
  const small = topReasons(explanation([1, 0.01, 0.5]), { count: 3 });
  assert.deepEqual(
    small.map((r) => r.feature),
    ['f0', 'f2'],
  );
  // Above average (the values sum to 0.4 > 0): the negative contribution is never a reason.
  const mixed = topReasons(explanation([0.6, -0.5, 0.3]), { count: 3 });
  assert.deepEqual(
    mixed.map((r) => [r.feature, r.sign]),
    [
      ['f0', 'positive'],
      ['f2', 'positive'],
    ],
  );
});

test('a row at or below the average gets one neutral statement, not reasons', () => {
  // f0 raised the score, but the row still scores 0.2 below the average.
  for (const values of [
    [-0.1, -0.4, -0.2],
    [0.3, -0.5],
    [0.25, -0.25],
  ]) {
    const [only, ...rest] = topReasons(explanation(values), { count: 3 });
    assert.deepEqual(rest, []);
    assert.equal(only.sign, 'none');
    assert.equal(only.text, 'Not one of your closest matches: suggested to widen your choice.');
  }
  const worded = topReasons(explanation([-1]), { templates: { neutral: 'Something new to try' } });
  assert.equal(worded[0].text, 'Something new to try');
});

test('multi-output values are read from the first output', () => {
  const reasons = topReasons({
    feature_names: ['a', 'b'],
    values: [
      [
        [0.1, 9],
        [0.2, -9],
      ],
    ],
  });
  assert.deepEqual(
    reasons.map((r) => r.feature),
    ['b', 'a'],
  );
});

test('templates: the first case that holds, with {pct}, {value} and {label} filled', () => {
  const price = (v, sign = 'positive') =>
    sentence({ feature: 'price_vs_usual_spend', featureValue: v }, sign, templates);
  assert.equal(price(Math.log2(0.8)), 'Priced 20% below what you usually spend');
  assert.equal(price(0), 'Priced about what you usually spend');
  assert.equal(price(1, 'negative'), 'Priced 100% above what you usually spend');
  const rating = sentence({ feature: 'item_rating', featureValue: 4.6 }, 'positive', templates);
  assert.equal(rating, 'Rated 4.6 out of 5 by customers');
  const affinity = sentence(
    { feature: 'category_affinity', featureValue: 0.57 },
    'positive',
    templates,
  );
  assert.equal(affinity, 'From a category you browse often (57% of your recent views)');
  const discount = sentence({ feature: 'discount_pct', featureValue: 0 }, 'negative', templates);
  assert.equal(discount, 'Not on sale right now');
});

test('an unknown feature value falls back to a sentence that needs none', () => {
  const unknown = sentence({ feature: 'item_rating' }, 'positive', templates);
  assert.equal(unknown, 'Rating made this a better match');
  assert.equal(sentence({ feature: 'x' }, 'positive'), 'X made this a better match');
});

test('without a reasons file, feature names read as words', () => {
  assert.equal(
    sentence({ feature: 'price_vs_usual_spend', featureValue: -0.4 }, 'positive'),
    'Price vs usual spend made this a better match',
  );
  assert.equal(readableName('days__since  view_'), 'Days since view');
  const [reason] = topReasons(explanation([0.2], ['brand_affinity']), { instance: [0.3] });
  assert.equal(reason.text, 'Brand affinity made this a better match');
});

test('names and values are kept verbatim: no markup, no replacement patterns', () => {
  const hostile = '<img src=x onerror=alert(1)> $& $1';
  const reasons = topReasons(explanation([0.5], [hostile]), { instance: [NaN] });
  assert.equal(reasons[0].text, `${hostile} made this a better match`);
});

test('the demo templates cover every demo feature, both signs', () => {
  for (const name of meta.feature_names) {
    for (const sign of ['positive', 'negative']) {
      for (const value of [-3, 0, 0.5, 2, 400]) {
        const text = sentence({ feature: name, featureValue: value }, sign, templates);
        assert.ok(!/[{}]/.test(text), `${name} ${sign} ${value}: ${text}`);
        assert.ok(!text.includes('made this'), `${name} has its own ${sign} sentence`);
      }
    }
  }
});

test('a numeric CSV: quoted names, numbers, and errors that name line and column', () => {
  const { names, rows } = parseNumericCsv('"a,1",b\r\n1,2.5\n-3,4e2\n');
  assert.deepEqual(names, ['a,1', 'b']);
  assert.deepEqual(rows, [
    [1, 2.5],
    [-3, 400],
  ]);
  assert.deepEqual(parseNumericCsv('a,b\n1,\nNA, nan \n').rows, [
    [1, null],
    [null, null],
  ]);
  assert.throws(() => parseNumericCsv('a,b\n1,x\n', 'bg.csv'), /bg.csv line 2, column "b": "x"/);
  assert.throws(() => parseNumericCsv('a,b\n1\n', 'bg.csv'), /line 2 has 1 cells, the header 2/);
  assert.throws(() => parseNumericCsv('a,b\n', 'bg.csv'), /needs a header and at least one row/);
  // Lines as an editor numbers them, blank ones counted.
  assert.throws(() => parseNumericCsv('a,b\n\n1,2\n\n3\n', 'bg.csv'), /bg.csv line 5 has 1 cells/);
  // Decimals as the CLI reads them; Number() would read hexadecimal and binary too.
  assert.deepEqual(parseNumericCsv('a,b,c\n+1, .5 ,1.\n-2e-1,3E2,0\n').rows, [
    [1, 0.5, 1],
    [-0.2, 300, 0],
  ]);
  for (const cell of ['0x10', '0b1', 'Infinity', '1e999', '1,5', '- 1']) {
    assert.throws(
      () => parseNumericCsv(`a\n1\n${cell}\n`, 'bg.csv'),
      /bg.csv line 3(, column "a": ".*" is not a number| has 2 cells)/,
      cell,
    );
  }
});
