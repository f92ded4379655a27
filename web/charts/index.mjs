// Every chart of an explanation, each `(explanation, options) → SVG element` (or a <figure> with
// its legend), and what each needs from the explanation, so that pages can offer only the charts
// an explanation can draw.
import { anchor } from './anchor.mjs';
import { bar } from './bar.mjs';
import { beeswarm } from './beeswarm.mjs';
import { curves } from './curves.mjs';
import { dependence } from './dependence.mjs';
import { force } from './force.mjs';
import { heatmap } from './heatmap.mjs';
import { lime } from './lime.mjs';
import { waterfall } from './waterfall.mjs';

export { anchor, bar, beeswarm, curves, dependence, force, heatmap, lime, waterfall };
export { pngBlob, svgText } from './export.mjs';
// History explanations (explainHistory): their rows are ragged, so they stay out of the registry
// below, whose charts read one player list for all rows.
export { attentionHeatmap } from './attention-map.mjs';
export { historyTimeline } from './history-timeline.mjs';
// Distilled models (`whyrec distill`) and their search front: they draw a model's terms, not an
// explanation.
export { pairHeatmap } from './pair-heatmap.mjs';
export { paretoChart } from './pareto.mjs';
export { shapeFunction } from './shape-function.mjs';

const hasData = (e, options) => Boolean(options?.data ?? e.data);
// LIME's values are its surrogate's weights and Anchors' are zeros: neither are contributions
// that add up from the base value to the output, so the contribution charts leave them out.
const contributions = (e) => has(e, 'values') && !['lime', 'anchors'].includes(e.method);

/** name → { title, draw, canDraw(explanation, options), scope: 'row' | 'rows' }. */
export const charts = {
  waterfall: {
    title: 'Waterfall',
    draw: waterfall,
    scope: 'row',
    canDraw: contributions,
  },
  force: { title: 'Force plot', draw: force, scope: 'row', canDraw: contributions },
  bar: { title: 'Global importance', draw: bar, scope: 'rows', canDraw: contributions },
  beeswarm: {
    title: 'Beeswarm',
    draw: beeswarm,
    scope: 'rows',
    canDraw: (e) => contributions(e) && e.values.length > 1,
  },
  dependence: {
    title: 'Dependence',
    draw: dependence,
    scope: 'rows',
    canDraw: (e, options) => contributions(e) && e.values.length > 1 && hasData(e, options),
  },
  heatmap: {
    title: 'Interactions',
    draw: heatmap,
    scope: 'rows',
    canDraw: (e) => has(e, 'interaction_values'),
  },
  lime: { title: 'LIME weights', draw: lime, scope: 'row', canDraw: (e) => has(e, 'weights') },
  anchor: {
    title: 'Anchor rule',
    draw: anchor,
    scope: 'row',
    canDraw: (e) => has(e, 'anchor') || has(e, 'rule'),
  },
  curves: {
    title: 'Deletion / insertion',
    draw: curves,
    scope: 'rows',
    canDraw: (e) => has(e, 'deletion') || has(e, 'insertion'),
  },
};

function has(explanation, field) {
  return Array.isArray(explanation[field]) && explanation[field].length > 0;
}
