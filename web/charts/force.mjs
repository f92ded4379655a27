// Force plot of one explained row (as SHAP draws it): contributions that raise the output push
// from the left up to the model's output, those that lower it push back from the right, so the
// whole bar spans from base value to output with the biggest forces nearest the output.
import { contributionsOf } from './contributions.mjs';
import { format } from './explanation-data.mjs';
import { Plot } from './plot.mjs';
import { colors, frame } from './theme.mjs';

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
  const margin = 30;
  // Labels, biggest forces first, go on the first of three lines under the bar where they do not
  // run into a label already there (widths estimated at 6.5px a character); those that fit
  // nowhere keep their tooltip.
  const share = (s) => (Math.max(s.label.length, 7) * 6.5 + 12) / (width - 2 * margin);
  const lines = [[], [], []];
  const labelled = [];
  for (const s of [...segments].sort((a, b) => Math.abs(b.value) - Math.abs(a.value))) {
    if ((s.x2 - s.x1) / span < (options.minShare ?? 0.03)) continue;
    const half = Math.min(share(s) / 2, 0.5);
    // Kept inside the frame: a label at the bar's ends would be cut off.
    const mid = Math.min(Math.max(((s.x1 + s.x2) / 2 - left) / span, half), 1 - half);
    const [from, to] = [mid - half, mid + half];
    const line = lines.findIndex((taken) => taken.every(([a, b]) => to <= a || from >= b));
    if (line < 0) continue;
    lines[line].push([from, to]);
    labelled.push({ ...s, mid: left + mid * span, line });
  }
  return Plot.plot({
    ...frame(options),
    height: 250,
    marginTop: 40,
    marginBottom: 30,
    marginLeft: margin,
    marginRight: margin,
    x: { label: options.axisLabel ?? `${explanation.output ?? 'Model output'} →` },
    y: { domain: ['forces'], axis: null, range: [44, 84] },
    marks: [
      Plot.barX(segments, {
        x1: 'x1',
        x2: 'x2',
        y: () => 'forces',
        fill: (s) => colors[s.kind],
        stroke: 'white',
        strokeWidth: 1.5,
        title: (s) => `${s.label}: ${format.signed(s.value)}`,
      }),
      ...[0, 1, 2].map((line) =>
        Plot.text(
          labelled.filter((s) => s.line === line),
          {
            x: 'mid',
            y: () => 'forces',
            text: (s) => `${s.label}\n${format.signed(s.value)}`,
            dy: 40 + line * 34,
            fill: (s) => colors[s.kind],
          },
        ),
      ),
      // Markers span the bar and reach up to their labels, clear of the labels below.
      Plot.tickX([base, output], {
        x: (x) => x,
        y: () => 'forces',
        insetTop: -10,
        stroke: colors.ink,
        strokeDasharray: '3,2',
      }),
      Plot.text([output], {
        x: (x) => x,
        frameAnchor: 'top',
        dy: -24,
        fontWeight: 600,
        text: () => `output ${format.fixed(output)}`,
      }),
      Plot.text([base], {
        x: (x) => x,
        frameAnchor: 'top',
        dy: -8,
        fill: colors.muted,
        text: () => `base value ${format.fixed(base)}`,
      }),
    ],
  });
}
