// A user's history as a timeline: one cell per item, oldest left, newest right, coloured by how
// much the item raised (red) or lowered (blue) the explained recommendation's score. Item names
// stand under the cells, turned upright so that neighbours never overlap; where the cells are too
// narrow for every name, the most important items keep theirs and every cell keeps a tooltip.
import { format } from './explanation-data.mjs';
import { historyItems, spacedLabels } from './history-data.mjs';
import { finish } from './finish.mjs';
import { Plot } from './plot.mjs';
import { divergingSteps } from './steps.mjs';
import { colors, frame } from './theme.mjs';

const fontSize = 11;
// An upright label is one line of text across: about 1.2 em.
const labelRoom = fontSize * 1.2;

/**
 * options: row (default 0), itemNames (one per history item), width (default 640), maxLabelLength
 * (ems before an ellipsis; default 16 under 500 px wide, else 22), valueLabel (what the values
 * are; default "contribution to <output>").
 */
export function historyTimeline(explanation, options = {}) {
  const items = historyItems(explanation, options);
  if (items.length === 0) throw new Error('the history is empty: there is nothing to draw');
  const width = options.width || 640;
  const [marginLeft, marginRight] = [12, 12];
  const cell = Math.min(56, (width - marginLeft - marginRight) / items.length);
  const steps = divergingSteps(Math.max(...items.map((item) => Math.abs(item.value))));
  const labelled = spacedLabels(items.length, cell, labelRoom, (i) => Math.abs(items[i].value)).map(
    (i) => items[i],
  );
  const lineWidth = options.maxLabelLength ?? (width < 500 ? 16 : 22);
  // Plot estimates a character at about 0.6 em.
  const longest = Math.max(...labelled.map((item) => Math.min(item.name.length * 0.6, lineWidth)));
  const marginBottom = Math.round(longest * fontSize + 12);
  const valueLabel = options.valueLabel ?? `contribution to ${explanation.output ?? 'the score'}`;
  const plot = Plot.plot({
    ...frame(options),
    width: Math.round(marginLeft + marginRight + cell * items.length),
    height: 26 + 48 + marginBottom,
    marginTop: 26,
    marginBottom,
    marginLeft,
    marginRight,
    x: { type: 'band', domain: items.map((item) => item.position), axis: null, padding: 0 },
    marks: [
      Plot.cell(items, {
        x: 'position',
        fill: (item) => steps.colorOf(item.value),
        inset: cell >= 6 ? 0.5 : 0,
        title: (item) => tooltip(item, items.length, valueLabel),
      }),
      // Values inside the cells when they fit (Plot takes null for no mark).
      cell >= 44
        ? Plot.text(items, {
            x: 'position',
            text: (item) => format.signed(item.value),
            fontSize: 10,
            fill: (item) =>
              Math.abs(item.value) >= steps.thresholds.at(-1) ? 'white' : colors.ink,
          })
        : null,
      itemLabels(labelled, { fontSize, lineWidth }),
      ...timeArrows(items.length),
    ],
  });
  const legend = Plot.legend({
    ...frame(options),
    color: {
      type: 'threshold',
      domain: steps.thresholds,
      range: steps.range,
      tickFormat: steps.format,
      label: options.valueLabel ?? `${valueLabel} (red raises it)`,
    },
    width: Math.min(300, width),
  });
  const groups = items.filter((item) => item.group !== null);
  const caption = groups.length
    ? `Items of a group (such as “${groups[0].group}”) share the group's value.`
    : null;
  const strongest = [...items].sort((a, b) => Math.abs(b.value) - Math.abs(a.value)).slice(0, 3);
  return finish(figure(plot.ownerDocument, [legend, plot], caption), options, {
    title: `History timeline: each of ${items.length} items' ${valueLabel}, oldest to newest`,
    description: `Strongest: ${strongest.map((item) => `${item.name} ${format.signed(item.value)}`).join('; ')}.`,
  });
}

/** Which way time runs, above the frame, where there is room for both words (3 items and up). */
/** The items' names under the x axis, rotated, cut with an ellipsis where they do not fit. */
export function itemLabels(labelled, { fontSize, lineWidth }) {
  return Plot.text(labelled, {
    x: 'position',
    text: 'name',
    frameAnchor: 'bottom',
    dy: 6,
    rotate: -90,
    textAnchor: 'end',
    lineAnchor: 'middle',
    fontSize,
    lineWidth,
    textOverflow: 'ellipsis',
  });
}

export function timeArrows(count) {
  if (count < 3) return [];
  return [
    Plot.text(['← older'], { frameAnchor: 'top-left', dy: -16, fill: colors.muted }),
    Plot.text(['newer →'], { frameAnchor: 'top-right', dy: -16, fill: colors.muted }),
  ];
}

function tooltip(item, count, valueLabel) {
  const error = item.stdError > 0 ? ` ± ${format.error(item.stdError)}` : '';
  const lines = [
    item.name,
    `item ${item.id} · ${item.position + 1} of ${count}, oldest first`,
    `${valueLabel}: ${format.signed(item.value)}${error}`,
  ];
  if (item.group !== null) {
    lines.push(`the value of its group “${item.group}” (${item.groupSize} items share it)`);
  }
  return lines.join('\n');
}

/** A <figure> of the charts' SVGs (as Plot makes for a plot with a legend) and a caption. */
function figure(document, parts, caption) {
  const node = document.createElement('figure');
  node.append(...parts);
  if (caption) {
    const text = document.createElement('figcaption');
    text.textContent = caption;
    node.append(text);
  }
  return node;
}
