// Numbers as `new Intl.NumberFormat('en-US', { maximumFractionDigits })` writes them ("1,234.5",
// "-0"), without Intl for the numbers a widget shows: a cold page's first NumberFormat costs 25-40
// ms of its main thread on the benchmark machine (ICU's start-up; bench/README.md), before the
// first reasons. Like V8's Intl it rounds the number's shortest decimal form, ties away from zero.
// Numbers whose shortest form is exponential (under 1e-6 or from 1e21) and non-finite ones go to
// Intl itself.

const formats = new Map();

function viaIntl(value, maximumFractionDigits) {
  if (!formats.has(maximumFractionDigits)) {
    formats.set(maximumFractionDigits, new Intl.NumberFormat('en-US', { maximumFractionDigits }));
  }
  return formats.get(maximumFractionDigits).format(value);
}

/** `value` with at most `maximumFractionDigits` decimals (0-20), grouped by thousands. */
export function numberText(value, maximumFractionDigits) {
  const shortest = String(Math.abs(value));
  if (!Number.isFinite(value) || shortest.includes('e')) {
    return viaIntl(value, maximumFractionDigits);
  }
  const [whole, fraction = ''] = shortest.split('.');
  let digits = whole + fraction.slice(0, maximumFractionDigits);
  let decimals = Math.min(fraction.length, maximumFractionDigits);
  if (fraction.length > maximumFractionDigits && fraction[maximumFractionDigits] >= '5') {
    digits = String(BigInt(digits) + 1n).padStart(digits.length, '0');
  }
  // Trailing zeros of the fraction are not written.
  while (decimals > 0 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    decimals--;
  }
  const integer = digits.slice(0, digits.length - decimals) || '0';
  const grouped = integer.replace(/\B(?=(\d{3})+$)/g, ',');
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  return sign + grouped + (decimals ? `.${digits.slice(-decimals)}` : '');
}
