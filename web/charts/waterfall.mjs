// Waterfall of one explained row: the base value, then each player's contribution (largest
// magnitude first) moving the running total, ending at the model's output. Sampled values carry
// their standard error: a whisker of ±1 standard error at the bar's end, and "± e" in its label.
// On a narrow screen each name stands above its bar, so that the bars keep the whole width.
import { contributionsOf } from './contributions.mjs';
import { finish } from './finish.mjs';
import { format } from './explanation-data.mjs';
import { barNames, narrowWidth } from './fit.mjs';
import { Plot } from './plot.mjs';
import { colors, frame } from './theme.mjs';

/**
 * options: row (default 0), instance or data (feature values for "name = value" labels), labels
 * ({ name: readable }), top (players shown, the rest summed; default 12), axisLabel, width.
 */
export function waterfall(explanation, options = {}) {
  const { contributions, base, output } = contributionsOf(explanation, options);
  const width = options.width || 640;
  const narrow = width < narrowWidth;
  let running = base;
  const bars = contributions.map(({ label, value, stdError }) => {
    const start = running;
    running += value;
    return { label, start, end: running, value, stdError, kind: value >= 0 ? 'up' : 'down' };
  });
  const outputLabel = options.outputLabel ?? 'Model output';
  const rows = [
    { label: 'Base value (background average)', start: 0, end: base, kind: 'total' },
    ...bars,
    { label: outputLabel, start: 0, end: output, kind: 'total' },
  ];
  const uncertain = bars.filter((bar) => bar.stdError > 0);
  // On a phone the whisker alone shows the standard error: "± e" would squeeze the bars.
  const showErrors = uncertain.length > 0 && !narrow;
  const labelOf = (row) => {
    if (row.kind === 'total') return format.fixed(row.end);
    const error = showErrors && row.stdError > 0 ? ` ± ${format.error(row.stdError)}` : '';
    return format.signed(row.value) + error;
  };
  // Thin links from each bar's end to the next bar's start make the running total readable.
  const links = rows
    .slice(0, -1)
    .map((row, i) => ({ x: row.end, from: row.label, to: rows[i + 1].label }));
  const names = barNames(
    rows.map((row) => row.label),
    width,
    { rowHeight: 30, padding: 0.25 },
  );
  const chart = Plot.plot({
    ...frame(options),
    height: rows.length * names.rowHeight + 50,
    marginLeft: names.marginLeft,
    marginRight: showErrors ? 120 : narrow ? 48 : 70,
    x: {
      label: options.axisLabel ?? `${explanation.output ?? 'Model output'} →`,
      grid: true,
      // Room for the value labels beside the bars that reach the frame's edges.
      insetLeft: showErrors ? 110 : narrow ? 46 : 50,
      insetRight: 10,
      ticks: narrow ? 4 : undefined,
    },
    y: names.y,
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
      ...names.marks,
    ],
  });
  names.finish(chart);
  return finish(chart, options, {
    title: `Waterfall: how each feature moved ${explanation.output ?? 'the output'} from the base value to the model output`,
    description:
      `Base value ${format.fixed(base)}. ` +
      bars.map((bar) => `${bar.label}: ${format.signed(bar.value)}`).join('; ') +
      `. ${outputLabel}: ${format.fixed(output)}.`,
  });
}
