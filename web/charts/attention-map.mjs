// Attention of a history model (explainHistory's method 'attention': explanation.attention[row]
// holds the layers' raw weights, layer × head × items × items with rows the attending position,
// and the rollout and flow over items). One layer and head as an items × items heatmap, or the
// rollout and flow as a strip over the history, oldest left. Attention weights are shares in
// [0, 1], drawn on a sequential scale with round steps.
import { format } from './explanation-data.mjs';
import { historyItems, spacedLabels } from './history-data.mjs';
import { itemLabels, timeArrows } from './history-timeline.mjs';
import { finish } from './finish.mjs';
import { Plot } from './plot.mjs';
import { sequentialSteps } from './steps.mjs';
import { frame } from './theme.mjs';

const fontSize = 11;
const labelRoom = fontSize * 1.2;
const summaries = [
  ['rollout', 'Attention rollout'],
  ['flow', 'Attention flow'],
];

/**
 * options: row (default 0), layer ('rollout', default, or a 0-based layer), head ('mean',
 * default, or a 0-based head), itemNames, width, maxLabelLength (ems before an ellipsis).
 */
export function attentionHeatmap(explanation, options = {}) {
  const { row = 0, layer = 'rollout', head = 'mean' } = options;
  const attention = explanation.attention?.[row];
  if (!attention) {
    throw new Error(
      `the explanation has no "attention" (method "${explanation.method}"): ` +
        "explain with method 'attention'",
    );
  }
  const items = historyItems(explanation, options);
  const chart =
    layer === 'rollout'
      ? strip(attention, items, options)
      : heatmap(attentionMatrix(attention, layer, head, items.length), items, layer, head, options);
  return finish(chart, options, {
    title:
      layer === 'rollout'
        ? `Attention rollout and flow over the history's ${items.length} items, oldest to newest`
        : `Attention of layer ${layer}, ${head === 'mean' ? 'mean over heads' : `head ${head}`}, between the history's ${items.length} items`,
    description: 'Where the model looked; attention is not a contribution.',
  });
}

/**
 * One layer's attention over the history's n items (rows: attending item), averaged over heads or
 * of one head. Weights exported for a left-padded window keep their last n rows and columns.
 */
export function attentionMatrix(attention, layer, head, n) {
  const layers = attention.raw ?? [];
  if (!Number.isInteger(layer) || layer < 0 || layer >= layers.length) {
    throw new Error(
      `no attention layer ${layer}: the explanation has layers 0 to ${layers.length - 1} ` +
        "and 'rollout'",
    );
  }
  const heads = layers[layer];
  const validHead = head === 'mean' || (Number.isInteger(head) && head >= 0 && head < heads.length);
  if (!validHead) {
    throw new Error(`no attention head ${head}: layer ${layer} has heads 0 to ${heads.length - 1}`);
  }
  const chosen = (head === 'mean' ? heads : [heads[head]]).map((m) =>
    lastOf(m, n).map((line) => lastOf(line, n)),
  );
  if (chosen[0].length !== n || chosen[0].some((line) => line.length !== n)) {
    throw new Error(`attention layer ${layer} is not ${n} × ${n}, as the history's items`);
  }
  return chosen[0].map((line, q) =>
    line.map((_, k) => chosen.reduce((sum, m) => sum + m[q][k], 0) / chosen.length),
  );
}

function heatmap(matrix, items, layer, head, options) {
  const n = items.length;
  const width = options.width || 640;
  const margin = labelMargin(items, options, width);
  const size = Math.min(28, (width - margin - 12) / n);
  // Items that receive the most attention keep their labels when not all fit.
  const received = items.map((_, k) => matrix.reduce((sum, line) => sum + line[k], 0));
  const labelled = spacedLabels(n, size, labelRoom, (k) => received[k]).map((k) => items[k]);
  const cells = matrix.flatMap((line, q) => line.map((value, k) => ({ q, k, value })));
  const steps = sequentialSteps(Math.max(...cells.map((c) => c.value)));
  const label = {
    fontSize,
    lineWidth: lineWidthOf(options, width),
    textOverflow: 'ellipsis',
    text: 'name',
  };
  return Plot.plot({
    ...frame(options),
    width: Math.round(margin + 12 + size * n),
    height: Math.round(10 + size * n + margin),
    marginLeft: margin,
    marginBottom: margin,
    marginTop: 10,
    marginRight: 12,
    x: { type: 'band', domain: items.map((item) => item.position), axis: null, padding: 0 },
    y: { type: 'band', domain: items.map((item) => item.position), axis: null, padding: 0 },
    color: colorScale(steps),
    caption:
      `Layer ${layer + 1}, ${head === 'mean' ? 'mean over heads' : `head ${head + 1}`}. ` +
      'Rows: the attending item; columns: the items it attends to.',
    marks: [
      Plot.cell(cells, {
        x: 'k',
        y: 'q',
        fill: 'value',
        inset: size >= 6 ? 0.5 : 0,
        title: (c) => `${items[c.q].name} → ${items[c.k].name}: ${format.fixed(c.value)}`,
      }),
      Plot.text(labelled, {
        ...label,
        x: 'position',
        frameAnchor: 'bottom',
        dy: 6,
        rotate: -90,
        textAnchor: 'end',
        lineAnchor: 'middle',
      }),
      Plot.text(labelled, {
        ...label,
        y: 'position',
        frameAnchor: 'left',
        dx: -6,
        textAnchor: 'end',
      }),
    ],
  });
}

function strip(attention, items, options) {
  const n = items.length;
  const rows = summaries
    .filter(([field]) => Array.isArray(attention[field]))
    .map(([field, name]) => ({ name, values: overItems(attention[field], n, field) }));
  if (rows.length === 0) throw new Error('the explanation has no attention "rollout" or "flow"');
  const width = options.width || 640;
  const marginLeft = 118;
  const size = Math.min(48, (width - marginLeft - 12) / n);
  const cells = rows.flatMap((r) => r.values.map((value, k) => ({ series: r.name, k, value })));
  const steps = sequentialSteps(Math.max(...cells.map((c) => c.value)));
  const labelled = spacedLabels(n, size, labelRoom, (k) => rows[0].values[k]).map((k) => items[k]);
  const lineWidth = lineWidthOf(options, width);
  const longest = Math.max(...labelled.map((item) => Math.min(item.name.length * 0.6, lineWidth)));
  const marginBottom = Math.round(longest * fontSize + 12);
  return Plot.plot({
    ...frame(options),
    width: Math.round(marginLeft + 12 + size * n),
    height: 26 + 30 * rows.length + marginBottom,
    marginLeft,
    marginRight: 12,
    marginTop: 26,
    marginBottom,
    x: { type: 'band', domain: items.map((item) => item.position), axis: null, padding: 0 },
    y: { domain: rows.map((r) => r.name), label: null, tickSize: 0 },
    color: colorScale(steps),
    caption:
      'How much the last position, which the recommendation is read from, draws on each item ' +
      'through all layers. Attention is not a contribution: compare it with the Shapley values.',
    marks: [
      Plot.cell(cells, {
        x: 'k',
        y: 'series',
        fill: 'value',
        inset: size >= 6 ? 0.5 : 0,
        title: (c) => `${items[c.k].name}\n${c.series}: ${format.fixed(c.value)}`,
      }),
      itemLabels(labelled, { fontSize, lineWidth }),
      ...timeArrows(n),
    ],
  });
}

function colorScale(steps) {
  return {
    type: 'threshold',
    domain: steps.thresholds,
    scheme: 'Oranges',
    legend: true,
    label: 'attention weight',
    tickFormat: steps.format,
  };
}

// A summary over items, or a matrix whose last row (the last position) is the summary.
function overItems(summary, n, field) {
  const values = lastOf(Array.isArray(summary[0]) ? summary.at(-1) : summary, n);
  if (values.length !== n) {
    throw new Error(`attention "${field}" covers ${values.length} items, the history ${n}`);
  }
  return values;
}

function lastOf(list, n) {
  return list.length > n ? list.slice(-n) : list;
}

function lineWidthOf(options, width) {
  return options.maxLabelLength ?? (width < 500 ? 12 : 20);
}

function labelMargin(items, options, width) {
  const lineWidth = lineWidthOf(options, width);
  const longest = Math.max(...items.map((item) => Math.min(item.name.length * 0.6, lineWidth)));
  return Math.round(longest * fontSize + 12);
}
