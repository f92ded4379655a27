// Dependence scatter: one player's contribution against its feature value over many rows,
// coloured by the value of the feature it interacts with most; vertical spread at one feature
// value is the interaction (or noise) that the colour helps to read.
import { finish } from './finish.mjs';
import { featureValues, format, labelOf, matrix, pick } from './explanation-data.mjs';
import { narrowWidth } from './fit.mjs';
import { Plot } from './plot.mjs';
import { roundStep, stepFormat } from './steps.mjs';
import { colors, featureValueColor, frame } from './theme.mjs';

/**
 * options: feature (name; default the most important), data (rows × players, required unless the
 * explanation carries `data`), color (the interacting feature's name, or null for none; default
 * chosen by interactingFeature), labels, width.
 */
export function dependence(explanation, options = {}) {
  const names = explanation.feature_names;
  const values = matrix(explanation, 'values', options.outputIndex);
  const data = featureValues(explanation, options);
  if (!data) throw new Error('a dependence plot needs the rows’ feature values (options.data)');
  const feature = options.feature ?? mostImportant(names, values);
  const j = indexOf(names, feature);
  const colorBy =
    options.color === undefined ? interactingFeature(explanation, feature, options) : options.color;
  const k = colorBy === null ? -1 : indexOf(names, colorBy);
  const points = values.map((row, i) => ({
    x: data[i][j],
    y: row[j],
    z: k >= 0 ? data[i][k] : null,
  }));
  const narrow = (options.width || 640) < narrowWidth;
  const name = labelOf(feature, options.labels);
  const chart = Plot.plot({
    ...frame(options),
    height: options.height ?? (narrow ? 300 : 380),
    marginLeft: 60,
    grid: true,
    x: { label: `${name} →`, ticks: narrow ? 4 : undefined },
    y: { label: `↑ contribution of ${name}` },
    color:
      k >= 0
        ? valueSteps(
            points.map((p) => p.z),
            labelOf(colorBy, options.labels),
          )
        : undefined,
    marks: [
      Plot.ruleY([0], { stroke: colors.rule }),
      Plot.dot(points, {
        x: 'x',
        y: 'y',
        r: 3,
        fill: k >= 0 ? 'z' : colors.down,
        fillOpacity: 0.85,
        title: (p) => `${p.x} → ${p.y}` + (k >= 0 ? ` (${colorBy} = ${p.z})` : ''),
      }),
    ],
  });
  const ys = points.map((p) => p.y);
  return finish(chart, options, {
    title: `Dependence plot: the contribution of ${name} against its value`,
    description:
      `${points.length} rows. Contributions of ${name} range from ${format.signed(Math.min(...ys))} ` +
      `to ${format.signed(Math.max(...ys))}` +
      (k >= 0 ? `; dots are coloured by ${labelOf(colorBy, options.labels)}.` : '.'),
  });
}

/**
 * The colour scale of the interacting feature's values: round thresholds (0.5, 1, 1.5 rather
 * than 0.4728…) between its smallest and largest value, so that the legend's numbers are short
 * and never run into each other; at most six thresholds.
 */
export function valueSteps(values, label) {
  const known = values.filter(Number.isFinite);
  const [lo, hi] = [Math.min(...known), Math.max(...known)];
  const range = featureValueColor.range;
  if (!(hi > lo)) return { type: 'ordinal', domain: [lo], range: [range[3]], legend: true, label };
  let step = roundStep((hi - lo) / 6);
  while (Math.floor(hi / step) - Math.ceil(lo / step) + 1 > 6) step = roundStep(step * 2.01);
  const thresholds = [];
  for (let t = Math.ceil(lo / step + 1e-9) * step; t < hi; t += step) {
    thresholds.push(Number(t.toPrecision(12)));
  }
  const colours = thresholds.map(
    (_, i) => range[Math.round((i * (range.length - 1)) / thresholds.length)],
  );
  return {
    type: 'threshold',
    domain: thresholds,
    range: [...colours, range.at(-1)],
    legend: true,
    label,
    tickFormat: stepFormat(step),
    unknown: colors.total,
  };
}

/**
 * The feature that interacts most with `feature`: the largest mean |interaction value| when the
 * explanation has interaction_values, otherwise (a heuristic) the feature whose values correlate
 * most with this feature's contributions.
 */
export function interactingFeature(explanation, feature, options = {}) {
  const names = explanation.feature_names;
  const j = indexOf(names, feature);
  const others = names.map((_, k) => k).filter((k) => k !== j);
  if (others.length === 0) return null;
  let score;
  if (explanation.interaction_values) {
    const rows = explanation.interaction_values;
    const at = (matrixRow, k) => pick(matrixRow[j][k], options.outputIndex);
    score = (k) => rows.reduce((sum, matrixRow) => sum + Math.abs(at(matrixRow, k)), 0);
  } else {
    const data = featureValues(explanation, options);
    if (!data) return null;
    const contributions = matrix(explanation, 'values', options.outputIndex).map((row) => row[j]);
    score = (k) =>
      Math.abs(
        correlation(
          contributions,
          data.map((row) => row[k]),
        ),
      );
  }
  const best = others.reduce((a, b) => (score(b) > score(a) ? b : a));
  return names[best];
}

function mostImportant(names, values) {
  const totals = names.map((_, j) => values.reduce((sum, row) => sum + Math.abs(row[j]), 0));
  return names[totals.indexOf(Math.max(...totals))];
}

function indexOf(names, name) {
  const j = names.indexOf(name);
  if (j < 0) throw new Error(`the explanation has no feature "${name}"`);
  return j;
}

function correlation(a, b) {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let [sab, saa, sbb] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}
