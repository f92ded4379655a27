// Global importance: each player's mean |value| over the explained rows, largest first.
import { format, labelOf, matrix } from './explanation-data.mjs';
import { finish } from './finish.mjs';
import { barNames, narrowWidth } from './fit.mjs';
import { Plot } from './plot.mjs';
import { colors, frame } from './theme.mjs';

/** Mean |value| per player over all rows, largest first: [{ name, label, importance }]. */
export function importance(explanation, { outputIndex = 0, labels } = {}) {
  const values = matrix(explanation, 'values', outputIndex);
  return explanation.feature_names
    .map((name, j) => ({
      name,
      label: labelOf(name, labels),
      importance: values.reduce((sum, row) => sum + Math.abs(row[j]), 0) / values.length,
    }))
    .sort((a, b) => b.importance - a.importance);
}

/** options: labels, top (players shown; default 20), axisLabel, width. */
export function bar(explanation, options = {}) {
  const ranked = importance(explanation, options).slice(0, options.top ?? 20);
  const rows = explanation.values.length;
  const width = options.width || 640;
  const names = barNames(
    ranked.map((r) => r.label),
    width,
    { rowHeight: 26 },
  );
  const axisLabel =
    options.axisLabel ?? `mean |contribution| over ${rows} row${rows === 1 ? '' : 's'} →`;
  const chart = Plot.plot({
    ...frame(options),
    height: ranked.length * names.rowHeight + 50,
    marginLeft: names.marginLeft,
    marginRight: 60,
    x: { label: axisLabel, grid: true, ticks: width < narrowWidth ? 3 : undefined },
    y: names.y,
    marks: [
      Plot.ruleX([0], { stroke: colors.rule }),
      Plot.barX(ranked, { x: 'importance', y: 'label', fill: colors.up, rx: 2 }),
      Plot.text(ranked, {
        x: 'importance',
        y: 'label',
        text: (r) => format.fixed(r.importance),
        dx: 6,
        textAnchor: 'start',
      }),
      ...names.marks,
    ],
  });
  names.finish(chart);
  return finish(chart, options, {
    title: `Global importance: ${axisLabel.replace(' →', '')}, largest first`,
    description: ranked.map((r) => `${r.label} ${format.fixed(r.importance)}`).join('; ') + '.',
  });
}
