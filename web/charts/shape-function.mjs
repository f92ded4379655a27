// A distilled model's main term (its shape function): what the feature's value adds to the
// margin, one step per value bin, with the bin of missing values drawn apart (a dashed rule
// labelled "missing", as it has no place on the value axis). Each step carries its bin and score
// as a tooltip, the score as the model file writes it.
import { binLabels } from './distilled-data.mjs';
import { format, labelOf } from './explanation-data.mjs';
import { finish } from './finish.mjs';
import { Plot } from './plot.mjs';
import { colors, frame } from './theme.mjs';

/** term: { features: [name], cuts: [[...]], scores }; options: width, labels, spread, document. */
export function shapeFunction(term, options = {}) {
  const [name] = term.features;
  const [cuts] = term.cuts;
  const label = labelOf(name, options.labels);
  const span = cuts.length > 1 ? cuts.at(-1) - cuts[0] : Math.abs(cuts[0] ?? 0) || 1;
  const low = (cuts[0] ?? 0) - 0.05 * span;
  const high = (cuts.at(-1) ?? 0) + 0.05 * span;
  const names = binLabels(cuts);
  // Bin b (1 … k+1) spans [cuts[b-2], cuts[b-1]), the first from `low`, the last to `high`.
  const steps = term.scores.slice(1).map((score, i) => ({
    x1: i === 0 ? low : cuts[i - 1],
    x2: i === cuts.length ? high : cuts[i],
    score,
    title: `${label} ${names[i + 1]}: ${score}`,
  }));
  const risers = steps
    .slice(1)
    .map((step, i) => ({ x: step.x1, y1: steps[i].score, y2: step.score }));
  const missing = term.scores[0];
  const width = options.width || 320;
  const chart = Plot.plot({
    ...frame(options, 320),
    width,
    height: options.height ?? 180,
    marginLeft: 48,
    marginRight: 56,
    x: { label, domain: [low, high], ticks: width < 300 ? 3 : 5 },
    y: { label: 'adds to the margin', grid: true, nice: true },
    marks: [
      Plot.ruleY([0], { stroke: colors.rule }),
      Plot.ruleX(risers, { x: 'x', y1: 'y1', y2: 'y2', stroke: colors.ink, strokeWidth: 1 }),
      Plot.ruleY(steps, {
        x1: 'x1',
        x2: 'x2',
        y: 'score',
        stroke: colors.ink,
        strokeWidth: 2,
        title: 'title',
      }),
      Plot.ruleY([missing], {
        stroke: colors.muted,
        strokeDasharray: '4 3',
        title: () => `${label} missing: ${missing}`,
      }),
      Plot.text([missing], {
        y: (d) => d,
        frameAnchor: 'right',
        dx: 52,
        text: () => 'missing',
        fill: colors.muted,
        textAnchor: 'end',
      }),
    ],
  });
  const scores = steps.map((s) => s.score);
  const spread = options.spread === undefined ? '' : ` Importance ${format.value(options.spread)}.`;
  return finish(chart, options, {
    title: `Shape function of ${label}`,
    description:
      `${steps.length} value bins add from ${format.value(Math.min(...scores))} to ` +
      `${format.value(Math.max(...scores))} to the margin; a missing value adds ` +
      `${format.value(missing)}.${spread}`,
  });
}
