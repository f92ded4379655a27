// The widget's numbers without Intl (web/widget/number-text.mjs) are the text Intl.NumberFormat
// ('en-US', { maximumFractionDigits }) writes, Node's Intl being V8's, as Chromium's is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { numberText } from '../../web/widget/number-text.mjs';

const formats = new Map();
const intl = (value, digits) => {
  if (!formats.has(digits)) {
    formats.set(digits, new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }));
  }
  return formats.get(digits).format(value);
};

test('numbers as Intl writes them: examples', () => {
  assert.equal(numberText(1234567.891, 2), '1,234,567.89');
  assert.equal(
    numberText(1.005, 2),
    '1.01',
    'the shortest decimal form is rounded, not the binary',
  );
  assert.equal(numberText(0.125, 2), '0.13', 'ties away from zero');
  assert.equal(numberText(-999.95, 1), '-1,000');
  assert.equal(numberText(-0.001, 2), '-0');
  assert.equal(numberText(0.999, 2), '1');
  assert.equal(numberText(42, 2), '42');
  assert.equal(numberText(2.5, 0), '3');
});

test('numbers as Intl writes them: edge cases and 200,000 seeded random numbers', () => {
  const edges = [0, -0, 0.5, -0.5, 0.995, 9.995, 99.95, 999.5, 1e-7, -1e-7, 1e-6, 9.99e-7, 1e21];
  edges.push(-1e21, 123456789012345680000, Number.MAX_VALUE, 5e-324, Infinity, -Infinity, NaN);
  for (const value of edges) {
    for (let digits = 0; digits <= 6; digits++) {
      assert.equal(numberText(value, digits), intl(value, digits), `${value}, ${digits} digits`);
    }
  }
  // A linear congruential generator: the same numbers on every run.
  let state = 12345;
  const uniform = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 200_000; i++) {
    let value = (uniform() - 0.5) * 2 * 10 ** Math.floor(uniform() * 30 - 8);
    // Many ties: a 5 just past the digits kept.
    if (i % 3 === 0) value = Math.round(value * 1000) / 1000 + 0.0005;
    const digits = Math.floor(uniform() * 5);
    assert.equal(numberText(value, digits), intl(value, digits), `${value}, ${digits} digits`);
  }
});
