// LIME: the weights of the local linear surrogate around one row, largest magnitude first,
// labelled by the surrogate's conditions when it has them ("price ≤ -0.5"), with its intercept
// and local fit (R², the core's `score`). Players the surrogate left out (weight 0) are not drawn.
import { format, labelOf, scalarAt } from './explanation-data.mjs';
import { finish } from './finish.mjs';
import { barNames, narrowWidth } from './fit.mjs';
import { Plot } from './plot.mjs';
import { colors, frame } from './theme.mjs';

/**
 * options: row, labels, top (default 12), width. Reads, per row: weights (players, or one array
 * of players per output), conditions (one string per player), intercept, and score (R²; or
 * local_r2).
 */
export function lime(explanation, options = {}) {
  const { row = 0, outputIndex = 0, labels } = options;
  const rowWeights = explanation.weights?.[row];
  if (!Array.isArray(rowWeights)) {
    throw new Error(`the explanation has no "weights" (method "${explanation.method}")`);
  }
  const weights = Array.isArray(rowWeights[0]) ? rowWeights[outputIndex] : rowWeights;
  // Anchors name their (structured) rule `conditions` too: only strings label LIME's weights.
  const conditions = explanation.conditions?.[row]?.every?.((c) => typeof c === 'string')
    ? explanation.conditions[row]
    : undefined;
  const bars = explanation.feature_names
    .map((name, j) => ({ label: conditions?.[j] ?? labelOf(name, labels), weight: weights[j] }))
    .filter((b) => b.weight !== 0)
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .slice(0, options.top ?? 12);
  const notes = [
    ['intercept', scalarAt(explanation, 'intercept', row, outputIndex), format.fixed],
    [
      'local R²',
      scalarAt(explanation, explanation.score ? 'score' : 'local_r2', row, outputIndex),
      format.fixed,
    ],
  ]
    .filter(([, value]) => typeof value === 'number')
    .map(([name, value, show]) => `${name} ${show(value)}`)
    .join(' · ');
  const width = options.width || 640;
  const names = barNames(
    bars.map((b) => b.label),
    width,
    { rowHeight: 28 },
  );
  const chart = Plot.plot({
    ...frame(options),
    height: bars.length * names.rowHeight + 80,
    marginTop: 36,
    marginLeft: names.marginLeft,
    marginRight: 60,
    x: {
      label: options.axisLabel ?? 'weight in the local surrogate →',
      grid: true,
      insetLeft: 50,
      ticks: width < narrowWidth ? 3 : undefined,
    },
    y: names.y,
    marks: [
      Plot.ruleX([0], { stroke: colors.rule }),
      Plot.barX(bars, {
        x: 'weight',
        y: 'label',
        fill: (b) => (b.weight >= 0 ? colors.up : colors.down),
        rx: 2,
      }),
      Plot.text(bars, {
        x: 'weight',
        y: 'label',
        text: (b) => format.signed(b.weight),
        textAnchor: 'start',
        dx: 6,
        filter: (b) => b.weight >= 0,
      }),
      Plot.text(bars, {
        x: 'weight',
        y: 'label',
        text: (b) => format.signed(b.weight),
        textAnchor: 'end',
        dx: -6,
        filter: (b) => b.weight < 0,
      }),
      notes
        ? Plot.text([notes], {
            frameAnchor: 'top-left',
            textAnchor: 'start',
            dx: -names.marginLeft + 4,
            dy: -28,
            fill: colors.muted,
          })
        : null,
      ...names.marks,
    ],
  });
  names.finish(chart);
  return finish(chart, options, {
    title: `LIME: the weights of the local linear surrogate of row ${row}`,
    description:
      bars.map((b) => `${b.label} ${format.signed(b.weight)}`).join('; ') +
      (notes ? `. ${notes}.` : '.'),
  });
}
