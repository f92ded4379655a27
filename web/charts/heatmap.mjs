// Interaction matrix: Shapley interaction values (explanation.interaction_values, rows × players
// × players; main effects on the diagonal). Over all rows it shows mean |value| per pair; for one
// row (options.row) the signed values.
import { format, labelOf, marginFor, pick } from './explanation-data.mjs';
import { Plot } from './plot.mjs';
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
  const margin = marginFor(shown, { max: 220 });
  // Labels under the columns are turned 45°: they need about 0.7 of their length in height.
  const marginBottom = Math.round(margin * 0.72);
  const size = Math.min(44, Math.max(22, ((options.width || 640) - margin - 20) / kept.length));
  return Plot.plot({
    ...frame(options),
    width: margin + size * kept.length + 20,
    height: marginBottom + size * kept.length + 10,
    marginLeft: margin,
    marginBottom,
    marginTop: 10,
    x: { domain: shown, label: null, tickRotate: -45, tickSize: 0 },
    y: { domain: shown, label: null, tickSize: 0 },
    color: signed
      ? { type: 'quantize', n: 9, scheme: 'RdBu', reverse: true, domain: [-extent, extent] }
      : { type: 'quantize', n: 7, scheme: 'Oranges', domain: [0, extent] },
    marks: [
      Plot.cell(cells, {
        x: 'x',
        y: 'y',
        fill: 'value',
        inset: 0.5,
        title: (c) => `${c.y} × ${c.x}: ${format.signed(c.value)}`,
      }),
      kept.length <= 12 &&
        Plot.text(cells, {
          x: 'x',
          y: 'y',
          text: (c) => format.fixed(c.value),
          fontSize: 9,
          fill: (c) => (Math.abs(c.value) > extent * 0.6 ? 'white' : 'black'),
        }),
    ],
  });
}
