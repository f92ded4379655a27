// Force plot of one explained row (as SHAP draws it): contributions that raise the output push
// from the left up to the model's output, those that lower it push back from the right, so the
// whole bar spans from base value to output with the biggest forces nearest the output. Each
// labelled segment has a thin leader line from its middle down to its label, so that a label on
// a lower line still points at its own segment.
import { contributionsOf } from './contributions.mjs';
import { finish } from './finish.mjs';
import { format, labelOf } from './explanation-data.mjs';
import { narrowWidth, shorten } from './fit.mjs';
import { Plot } from './plot.mjs';
import { colors, frame, textColors } from './theme.mjs';

// Vertical layout in pixels (y is an identity scale): the bar, then up to three lines of labels.
const barTop = 44;
const barBottom = 84;
const firstLine = barBottom + 26;
const lineHeight = 38;
const lines = 3;

/**
 * options: row, instance or data, labels, top (players drawn separately; default 12), minShare
 * (segments narrower than this share of the bar get no label; default 0.03), width.
 */
export function force(explanation, options = {}) {
  const { contributions, base, output } = contributionsOf(explanation, options);
  const segments = [];
  let left = output;
  for (const c of contributions.filter((c) => c.value > 0)) {
    segments.push({ ...c, x1: left - c.value, x2: left, kind: 'up' });
    left -= c.value;
  }
  let right = output;
  for (const c of contributions.filter((c) => c.value < 0)) {
    segments.push({ ...c, x1: right, x2: right - c.value, kind: 'down' });
    right -= c.value;
  }
  const span = Math.max(right - left, Number.EPSILON);
  const width = options.width || 640;
  const margin = width < narrowWidth ? 14 : 30;
  const inner = width - 2 * margin;
  // A label is at most 40% of the bar wide (6.5 px a character).
  const chars = Math.max(10, Math.floor((inner * 0.4) / 6.5));
  // Labels, biggest forces first, go on the first line under the bar where they do not run into
  // a label already there; those that fit nowhere keep their tooltip.
  const share = (text) => (Math.max(text.length, 7) * 6.5 + 12) / inner;
  const taken = Array.from({ length: lines }, () => []);
  const labelled = [];
  for (const s of [...segments].sort((a, b) => Math.abs(b.value) - Math.abs(a.value))) {
    if ((s.x2 - s.x1) / span < (options.minShare ?? 0.03)) continue;
    // A label that does not fit drops its feature value (the tooltip keeps it) before the name.
    const name = s.name === null ? s.label : labelOf(s.name, options.labels);
    const text = s.label.length <= chars ? s.label : shorten(name, chars);
    const half = Math.min(share(text) / 2, 0.5);
    const middle = ((s.x1 + s.x2) / 2 - left) / span;
    // Kept inside the frame: a label at the bar's ends would be cut off.
    const at = Math.min(Math.max(middle, half), 1 - half);
    const [from, to] = [at - half, at + half];
    const line = taken.findIndex((spans) => spans.every(([a, b]) => to <= a || from >= b));
    if (line < 0) continue;
    taken[line].push([from, to]);
    const y = firstLine + line * lineHeight;
    labelled.push({ ...s, text, middle: left + middle * span, at: left + at * span, y });
  }
  const chart = Plot.plot({
    ...frame(options),
    height: firstLine + lines * lineHeight + 34,
    marginTop: 0,
    marginBottom: 30,
    marginLeft: margin,
    marginRight: margin,
    x: {
      label: options.axisLabel ?? `${explanation.output ?? 'Model output'} →`,
      ticks: width < narrowWidth ? 4 : undefined,
    },
    y: { type: 'identity', axis: null },
    marks: [
      Plot.rect(segments, {
        x1: 'x1',
        x2: 'x2',
        y1: barTop,
        y2: barBottom,
        fill: (s) => colors[s.kind],
        stroke: 'white',
        strokeWidth: 1.5,
        title: (s) => `${s.label}: ${format.signed(s.value)}`,
      }),
      Plot.link(labelled, {
        x1: 'middle',
        y1: barBottom,
        x2: 'at',
        y2: (s) => s.y - 3,
        stroke: (s) => colors[s.kind],
        strokeWidth: 1,
      }),
      Plot.text(labelled, {
        x: 'at',
        y: 'y',
        text: (s) => `${s.text}\n${format.signed(s.value)}`,
        lineAnchor: 'top',
        fill: (s) => textColors[s.kind],
        title: (s) => `${s.label}: ${format.signed(s.value)}`,
      }),
      // Markers span the bar and reach up to their labels.
      Plot.ruleX([base, output], {
        x: (x) => x,
        y1: barTop - 10,
        y2: barBottom,
        stroke: colors.ink,
        strokeDasharray: '3,2',
      }),
      Plot.text([output], {
        x: (x) => x,
        y: barTop - 24,
        fontWeight: 600,
        text: () => `output ${format.fixed(output)}`,
      }),
      Plot.text([base], {
        x: (x) => x,
        y: barTop - 10,
        dy: -2,
        fill: colors.muted,
        text: () => `base value ${format.fixed(base)}`,
      }),
    ],
  });
  const push = (kind) =>
    segments
      .filter((s) => s.kind === kind)
      .map((s) => `${s.label} ${format.signed(s.value)}`)
      .join('; ') || 'none';
  return finish(chart, options, {
    title: `Force plot: the features that pushed ${explanation.output ?? 'the output'} up and down`,
    description:
      `From base value ${format.fixed(base)} to output ${format.fixed(output)}. ` +
      `Raised by: ${push('up')}. Lowered by: ${push('down')}.`,
  });
}
