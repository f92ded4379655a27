// The Pareto front of a distillation search (`whyrec distill --search --front FILE`, format
// "whyrec-distill-front"): each candidate's size (gzip bytes, log scale) against its fidelity
// (the front's metric), the Pareto candidates joined smallest first, the picked one ringed and
// named. A candidate without the metric (null) is left out and counted in the description.
import { format } from './explanation-data.mjs';
import { finish } from './finish.mjs';
import { Plot } from './plot.mjs';
import { colors, frame } from './theme.mjs';

/** The front's candidates that have its metric, or an error naming what is wrong. */
export function frontPoints(front) {
  if (front?.format !== 'whyrec-distill-front' || !Array.isArray(front.candidates)) {
    throw new Error(
      'not a search front: expected {"format": "whyrec-distill-front", "candidates": [...]} ' +
        '(`whyrec distill --search --front FILE` writes one)',
    );
  }
  const metric = front.metric;
  if (typeof metric !== 'string') throw new Error('the search front names no "metric"');
  return front.candidates.flatMap((c, i) => {
    if (!(c.gzip_bytes > 0)) {
      throw new Error(`search front candidate ${i} has gzip_bytes ${c.gzip_bytes}, not a size`);
    }
    const y = c[metric];
    if (y === null || y === undefined) return [];
    if (!Number.isFinite(y)) throw new Error(`search front candidate ${i}: ${metric} is ${y}`);
    return [{ ...c, x: c.gzip_bytes, y, title: candidateTitle(c, metric, y) }];
  });
}

function candidateTitle(c, metric, y) {
  const settings = Object.entries(c.settings ?? {})
    .map(([name, value]) => `${name} ${value}`)
    .join(', ');
  const mark = c.picked ? ' (picked)' : c.pareto ? ' (Pareto)' : '';
  return (
    `${c.family}${settings ? ` (${settings})` : ''}${mark}: ${format.value(c.gzip_bytes)} bytes ` +
    `gzip, ${metric} ${format.value(y)}`
  );
}

/** front: the search's JSON; options: width, document. */
export function paretoChart(front, options = {}) {
  const points = frontPoints(front);
  const metric = front.metric;
  const pareto = points.filter((p) => p.pareto).sort((p, q) => p.x - q.x);
  const picked = points.filter((p) => p.picked);
  const width = options.width || 640;
  const chart = Plot.plot({
    ...frame(options),
    width,
    height: options.height ?? 320,
    marginLeft: 56,
    marginRight: 20,
    x: { type: 'log', label: 'model size (gzip bytes, log scale)', grid: true },
    y: { label: metric, grid: true, nice: true },
    symbol: { legend: true, domain: ['other', 'Pareto', 'picked'] },
    marks: [
      Plot.line(pareto, { x: 'x', y: 'y', stroke: colors.ink, strokeWidth: 1.5 }),
      Plot.dot(points, {
        x: 'x',
        y: 'y',
        r: 4,
        symbol: (p) => (p.pareto ? 'Pareto' : 'other'),
        fill: (p) => (p.pareto ? colors.ink : 'white'),
        stroke: colors.ink,
        title: 'title',
      }),
      Plot.dot(picked, { x: 'x', y: 'y', r: 9, stroke: colors.up, strokeWidth: 2, fill: 'none' }),
      Plot.text(picked, {
        x: 'x',
        y: 'y',
        text: () => 'picked',
        dy: -16,
        fill: colors.ink,
      }),
    ],
  });
  const left = front.candidates.length - points.length;
  const pick = picked[0];
  return finish(chart, options, {
    title: `Search front: ${metric} against model size for ${points.length} candidates`,
    description:
      `${pareto.length} candidates are on the Pareto front` +
      (pick ? `; picked: ${pick.title}` : '; none picked') +
      (front.pick_rule ? ` (rule: ${front.pick_rule})` : '') +
      (left ? `; ${left} without ${metric} not shown.` : '.'),
  });
}
