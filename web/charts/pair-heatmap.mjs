// A distilled model's pair term: what each cell of two features' bins adds to the margin, as a
// grid of coloured cells in round steps (steps.mjs), the first feature's bins down, the second's
// across, the missing bins first. Each cell's tooltip names both bins and the score as written.
import { binLabels } from './distilled-data.mjs';
import { format, labelOf } from './explanation-data.mjs';
import { finish } from './finish.mjs';
import { Plot } from './plot.mjs';
import { divergingSteps } from './steps.mjs';
import { frame } from './theme.mjs';

/** term: { features: [a, b], cuts: [[...], [...]], scores }; options: width, labels, document. */
export function pairHeatmap(term, options = {}) {
  const [a, b] = term.features.map((name) => labelOf(name, options.labels));
  const [rowsOf, columnsOf] = term.cuts.map(binLabels);
  const cells = term.scores.map((score, i) => {
    const row = rowsOf[Math.floor(i / columnsOf.length)];
    const column = columnsOf[i % columnsOf.length];
    return { row, column, score, title: `${a} ${row} × ${b} ${column}: ${score}` };
  });
  const extent = Math.max(...term.scores.map(Math.abs), Number.EPSILON);
  const steps = divergingSteps(extent);
  const width = options.width || 360;
  const marginLeft = Math.min(110, Math.round(width * 0.3));
  const size = Math.max(8, Math.min(24, (width - marginLeft - 10) / columnsOf.length));
  const chart = Plot.plot({
    ...frame(options, 360),
    width: Math.round(marginLeft + size * columnsOf.length + 10),
    height: Math.round(102 + size * rowsOf.length),
    marginLeft,
    marginBottom: 80,
    marginTop: 22,
    x: { domain: columnsOf, label: b, tickRotate: -60, tickSize: 0 },
    // Above the rows, not beside them: beside, it would cross their long bin names.
    y: { domain: rowsOf, label: a, labelAnchor: 'top', labelArrow: 'none', tickSize: 0 },
    color: {
      type: 'threshold',
      domain: steps.thresholds,
      range: steps.range,
      legend: true,
      label: 'adds to the margin',
      tickFormat: steps.format,
    },
    marks: [Plot.cell(cells, { x: 'column', y: 'row', fill: 'score', inset: 0.5, title: 'title' })],
  });
  const strongest = [...cells].sort((p, q) => Math.abs(q.score) - Math.abs(p.score))[0];
  return finish(chart, options, {
    title: `Interaction of ${a} and ${b}`,
    description:
      `${rowsOf.length} × ${columnsOf.length} bins; the largest cell, ${a} ${strongest.row} ` +
      `with ${b} ${strongest.column}, adds ${format.signed(strongest.score)} to the margin.`,
  });
}
