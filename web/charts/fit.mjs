// Charts fit the width they are given, down to a phone's 320 px: labels get at most a share of
// the width (longer ones end in "…" and keep the full text as a tooltip), so that no margin or
// inset ever leaves the plot a negative size.
import { Plot } from './plot.mjs';

// Plot's 12 px text averages about 7 px a character.
export const charWidth = 7;

/** Below this width a chart lays out for a phone. */
export const narrowWidth = 520;

/**
 * A label cut to `chars` characters, ending in "…" when cut; a "name = value" label keeps its
 * value and cuts the name when at least 8 characters of the name still fit.
 */
export function shorten(label, chars) {
  const text = String(label);
  if (text.length <= chars) return text;
  const at = text.lastIndexOf(' = ');
  const value = at > 0 ? text.slice(at) : '';
  if (value && value.length <= chars - 9) {
    return shorten(text.slice(0, at), chars - value.length) + value;
  }
  return `${text.slice(0, Math.max(1, chars - 1))}…`;
}

/**
 * Room for the longest of `labels` (px), at most `share` of `width` and `max`, at least `min`;
 * chars: how many characters fit in it.
 */
export function labelRoom(labels, width, { min = 60, max = 320, share = 0.4 } = {}) {
  const longest = Math.max(0, ...labels.map((label) => String(label).length));
  const limit = Math.max(min, Math.min(max, Math.round(width * share)));
  const margin = Math.max(min, Math.min(limit, Math.round(longest * charWidth + 16)));
  return { margin, chars: Math.max(4, Math.floor((margin - 16) / charWidth)) };
}

/**
 * Gives each shortened tick label of `axis` ('x' or 'y') in `svg` its full text as a <title>,
 * so that the whole name shows on hover and reaches screen readers.
 */
export function titleShortened(svg, axis, labels, chars) {
  const full = new Map();
  for (const label of labels) {
    const short = shorten(label, chars);
    if (short !== String(label) && !full.has(short)) full.set(short, String(label));
  }
  if (full.size === 0) return svg;
  for (const text of svg.querySelectorAll(`g[aria-label="${axis}-axis tick label"] text`)) {
    const label = full.get(text.textContent);
    if (label === undefined) continue;
    const title = svg.ownerDocument.createElementNS('http://www.w3.org/2000/svg', 'title');
    title.textContent = label;
    text.append(title);
  }
  return svg;
}

/** A band axis of names (y or fy) whose tick labels are cut to `chars` characters. */
export function nameAxis(names, chars, options = {}) {
  return {
    domain: names,
    label: null,
    tickSize: 0,
    padding: 0.2,
    tickFormat: (name) => shorten(name, chars),
    ...options,
  };
}

/**
 * Where a bar chart's names go: beside the bars, in a margin of at most about 40% of the width
 * (names cut there keep a tooltip), or below `narrowWidth` above each bar, so that on a phone the
 * bars keep the whole width. Returns the y scale, the left margin, the height of a row, extra
 * marks (the names above the bars) and `finish(svg)`, which gives cut tick labels their tooltip.
 */
export function barNames(names, width, { rowHeight, padding = 0.2 }) {
  if (width >= narrowWidth) {
    const room = labelRoom(names, width);
    return {
      narrow: false,
      marginLeft: room.margin,
      rowHeight,
      y: nameAxis(names, room.chars, { padding }),
      marks: [],
      finish: (svg) => titleShortened(svg, 'y', names, room.chars),
    };
  }
  const chars = Math.floor((width - 16) / charWidth);
  return {
    narrow: true,
    marginLeft: 8,
    rowHeight: 44,
    y: nameAxis(names, chars, { padding: 0.5, axis: null }),
    marks: [
      Plot.text(names, {
        y: (name) => name,
        text: (name) => shorten(name, chars),
        title: (name) => (shorten(name, chars) === name ? undefined : name),
        frameAnchor: 'left',
        textAnchor: 'start',
        // Half a row up: above the bar, which is half the row thick.
        dy: -19,
      }),
    ],
    finish: (svg) => svg,
  };
}
