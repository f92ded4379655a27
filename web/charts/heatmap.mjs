// Interaction matrix: Shapley interaction values (explanation.interaction_values, rows × players
// × players; main effects on the diagonal). Over all rows it shows mean |value| per pair; for one
// row (options.row) the signed values. Colours come in round steps with a legend; names longer
// than the room beside and under the matrix end in "…" and keep the full name as a tooltip.
import { format, labelOf, pick } from './explanation-data.mjs';
import { finish } from './finish.mjs';
import { labelRoom, narrowWidth, shorten, titleShortened } from './fit.mjs';
import { Plot } from './plot.mjs';
import { divergingSteps, sequentialSteps } from './steps.mjs';
import { frame } from './theme.mjs';

/** options: row (one row, signed; default: mean |value| over rows), labels, top, width. */
export function heatmap(explanation, options = {}) {
  const rows = explanation.interaction_values;
  if (!Array.isArray(rows)) {
    throw new Error(`the explanation has no "interaction_values" (method "${explanation.method}")`);
  }
  const { row, outputIndex = 0, labels } = options;
  const signed = row !== undefined;
  const at = (r, i, j) => pick(rows[r][i][j], outputIndex);
  const cellValue = signed
    ? (i, j) => at(row, i, j)
    : (i, j) => rows.reduce((sum, _, r) => sum + Math.abs(at(r, i, j)), 0) / rows.length;
  const names = explanation.feature_names;
  // The players with the largest interactions, in their original order.
  const strength = names.map((_, i) =>
    names.reduce((s, __, j) => s + Math.abs(cellValue(i, j)), 0),
  );
  const kept = names
    .map((_, i) => i)
    .sort((a, b) => strength[b] - strength[a])
    .slice(0, options.top ?? 15)
    .sort((a, b) => a - b);
  const shown = kept.map((i) => labelOf(names[i], labels));
  const cells = kept.flatMap((i, a) =>
    kept.map((j, b) => ({ x: shown[b], y: shown[a], value: cellValue(i, j) })),
  );
  const extent = Math.max(...cells.map((c) => Math.abs(c.value)), Number.EPSILON);
  const width = options.width || 640;
  const room = labelRoom(shown, width, { max: 220, share: width < narrowWidth ? 0.3 : 0.35 });
  // Labels under the columns are turned 45°: they need about 0.7 of their length in height.
  const marginBottom = Math.round(room.margin * 0.72);
  const size = Math.min(44, Math.max(12, (width - room.margin - 20) / kept.length));
  const steps = signed ? divergingSteps(extent) : sequentialSteps(extent);
  const tick = (name) => shorten(name, room.chars);
  const chart = Plot.plot({
    ...frame(options),
    width: Math.round(room.margin + size * kept.length + 20),
    height: Math.round(marginBottom + size * kept.length + 10),
    marginLeft: room.margin,
    marginBottom,
    marginTop: 10,
    x: { domain: shown, label: null, tickRotate: -45, tickSize: 0, tickFormat: tick },
    y: { domain: shown, label: null, tickSize: 0, tickFormat: tick },
    color: {
      type: 'threshold',
      domain: steps.thresholds,
      ...(signed ? { range: steps.range } : { scheme: 'Oranges' }),
      legend: true,
      label: signed ? 'interaction value' : 'mean |interaction value|',
      tickFormat: steps.format,
    },
    marks: [
      Plot.cell(cells, {
        x: 'x',
        y: 'y',
        fill: 'value',
        inset: 0.5,
        title: (c) => `${c.y} × ${c.x}: ${format.signed(c.value)}`,
      }),
      kept.length <= 12 && size >= 30
        ? Plot.text(cells, {
            x: 'x',
            y: 'y',
            text: (c) => format.fixed(c.value),
            fontSize: 9,
            fill: (c) => (Math.abs(c.value) > extent * 0.6 ? 'white' : 'black'),
          })
        : null,
    ],
  });
  const plot = chart.localName === 'svg' ? chart : [...chart.querySelectorAll('svg')].at(-1);
  titleShortened(plot, 'x', shown, room.chars);
  titleShortened(plot, 'y', shown, room.chars);
  const pairs = cells
    .filter((c) => c.x < c.y)
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value))
    .slice(0, 3)
    .map((c) => `${c.y} × ${c.x} ${format.signed(c.value)}`);
  return finish(chart, options, {
    title: signed
      ? `Interactions: signed interaction values of row ${row} between ${kept.length} features`
      : `Interactions: mean absolute interaction value between ${kept.length} features over ${rows.length} rows`,
    description: `Strongest pairs: ${pairs.join('; ') || 'none'}.`,
  });
}
