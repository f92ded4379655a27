// Waterfall of one explained row: the base value, then each player's contribution (largest
// magnitude first) moving the running total, ending at the model's output. Sampled values carry
// their standard error: a whisker of ±1 standard error at the bar's end, and "± e" in its label.
import { contributionsOf } from './contributions.mjs';
import { format, marginFor } from './explanation-data.mjs';
import { Plot } from './plot.mjs';
import { colors, frame } from './theme.mjs';

/**
 * options: row (default 0), instance or data (feature values for "name = value" labels), labels
 * ({ name: readable }), top (players shown, the rest summed; default 12), axisLabel, width.
 */
export function waterfall(explanation, options = {}) {
  const { contributions, base, output } = contributionsOf(explanation, options);
  let running = base;
  const bars = contributions.map(({ label, value, stdError }) => {
    const start = running;
    running += value;
    return { label, start, end: running, value, stdError, kind: value >= 0 ? 'up' : 'down' };
  });
  const rows = [
    { label: 'Base value (average over background)', start: 0, end: base, kind: 'total' },
    ...bars,
    { label: options.outputLabel ?? 'Model output', start: 0, end: output, kind: 'total' },
  ];
  const labelOf = (row) => {
    if (row.kind === 'total') return format.fixed(row.end);
    const error = row.stdError > 0 ? ` ± ${format.error(row.stdError)}` : '';
    return format.signed(row.value) + error;
  };
  const uncertain = bars.filter((bar) => bar.stdError > 0);
  // Thin links from each bar's end to the next bar's start make the running total readable.
  const links = rows
    .slice(0, -1)
    .map((row, i) => ({ x: row.end, from: row.label, to: rows[i + 1].label }));
  return Plot.plot({
    ...frame(options),
    height: rows.length * 30 + 50,
    marginLeft: marginFor(rows.map((row) => row.label)),
    marginRight: uncertain.length ? 120 : 70,
    x: {
      label: options.axisLabel ?? `${explanation.output ?? 'Model output'} →`,
      grid: true,
      // Room for the value labels beside the bars that reach the frame's edges.
      insetLeft: uncertain.length ? 110 : 50,
      insetRight: 10,
    },
    y: { domain: rows.map((row) => row.label), label: null, tickSize: 0, padding: 0.25 },
    marks: [
      Plot.ruleX([0], { stroke: colors.rule }),
      Plot.link(links, {
        x1: 'x',
        x2: 'x',
        y1: 'from',
        y2: 'to',
        stroke: colors.link,
        strokeDasharray: '2,2',
      }),
      ...['total', 'up', 'down'].map((kind) =>
        Plot.barX(
          rows.filter((row) => row.kind === kind),
          { x1: 'start', x2: 'end', y: 'label', fill: colors[kind], rx: 2 },
        ),
      ),
      Plot.ruleY(uncertain, {
        x1: (bar) => bar.end - bar.stdError,
        x2: (bar) => bar.end + bar.stdError,
        y: 'label',
        stroke: colors.ink,
        strokeWidth: 1.5,
      }),
      Plot.text(
        rows.filter((row) => row.kind !== 'down'),
        {
          x: (row) => Math.max(row.start, row.end),
          y: 'label',
          text: labelOf,
          dx: 6,
          textAnchor: 'start',
        },
      ),
      Plot.text(
        rows.filter((row) => row.kind === 'down'),
        {
          x: (row) => Math.min(row.start, row.end),
          y: 'label',
          text: labelOf,
          dx: -6,
          textAnchor: 'end',
        },
      ),
    ],
  });
}
