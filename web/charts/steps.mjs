// Stepped colour scales with round thresholds (0.05, 0.1, 0.15 rather than the 0.0857 of equal
// splits of the data's range), so that legends read as plain numbers. Steps keep the legend in
// SVG (Plot draws continuous legends on a canvas) and let tests check each colour.
import { contributionColor } from './theme.mjs';

/** The largest step of the form 1, 2, 2.5 or 5 × 10^k that is at most x (x > 0). */
export function roundStep(x) {
  const power = 10 ** Math.floor(Math.log10(x));
  const multiple = [5, 2.5, 2, 1].find((m) => m * power <= x * (1 + 1e-9));
  return Number((multiple * power).toPrecision(2));
}

/** Formats multiples of `step` with as many decimals as the step has, and no more. */
export function stepFormat(step) {
  const intl = new Intl.NumberFormat('en-US', { maximumFractionDigits: decimalsOf(step) });
  return (x) => intl.format(x);
}

function decimalsOf(step) {
  let decimals = 0;
  while (
    decimals < 12 &&
    Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-6
  )
    decimals++;
  return decimals;
}

const multiplesOf = (step, ks) => ks.map((k) => Number((k * step).toFixed(decimalsOf(step))));

/**
 * Contributions up to `extent` in absolute value: thresholds at −2s, −s, 0, s, 2s for a round s
 * between a quarter and a half of `extent` (the largest values fall in the darkest steps), three
 * blues below zero and three reds above; colorOf(0) is neutral.
 */
export function divergingSteps(extent) {
  const { down, up, zero } = contributionColor;
  const step = roundStep((extent > 0 ? extent : 1) / 2);
  const thresholds = multiplesOf(step, [-2, -1, 0, 1, 2]);
  const range = [...down, ...up];
  return {
    thresholds,
    range,
    format: stepFormat(step),
    // Symmetric about zero: a value and its negative sit as far from the neutral middle.
    colorOf: (value) => {
      if (value === 0 || !Number.isFinite(value)) return zero;
      const level = thresholds.filter((t) => t > 0 && t <= Math.abs(value)).length;
      return value > 0 ? up[level] : down[down.length - 1 - level];
    },
  };
}

/** Shares from 0 up to `max` (attention weights): 4 to 8 steps of a round size below `max`. */
export function sequentialSteps(max) {
  const step = roundStep((max > 0 ? max : 1) / 4);
  const count = Math.max(1, Math.ceil(max / step - 1e-9) - 1);
  const thresholds = multiplesOf(
    step,
    Array.from({ length: count }, (_, k) => k + 1),
  );
  return { thresholds, format: stepFormat(step) };
}
