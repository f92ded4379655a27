// Colours and text style shared by the charts: red raises the output, blue lowers it (as in SHAP's
// plots), grey for totals. Pages may restyle through CSS; these are the defaults in exports.

export const colors = {
  up: '#d6404e',
  down: '#2f74c0',
  total: '#8a94a6',
  rule: '#c5ccd6',
  link: '#6b7480',
  ink: '#1f2733',
  muted: '#667085',
};

/** Text in the up and down colours, at a contrast of at least 4.5:1 on white. */
export const textColors = { up: '#b8323f', down: colors.down };

/**
 * Low feature values blue, high red, through purple (as SHAP's plots), so that no step fades into
 * the white page; in steps, because a stepped scale keeps its legend in SVG (continuous legends
 * are drawn on a canvas).
 */
export const featureValueColor = {
  type: 'quantize',
  range: ['#1e88e5', '#4a6fd6', '#6d5ac6', '#8c48b3', '#aa379c', '#c92680', '#e8125f'],
};

export function style(options) {
  return { fontSize: '12px', fontFamily: 'inherit', color: colors.ink, ...options.style };
}

/** Options every chart passes to Plot.plot: width and the document to build in. */
export function frame(options, defaultWidth = 640) {
  return {
    width: options.width || defaultWidth,
    style: style(options),
    ...(options.document ? { document: options.document } : {}),
  };
}

/**
 * Contributions in steps (history charts): blues lower the output, reds raise it, darkest
 * furthest from zero, ending at `down` and `up`; exactly zero is neutral grey, so that a colour's
 * hue always tells the sign.
 */
export const contributionColor = {
  down: ['#2f74c0', '#7ea9dc', '#c9dcf1'],
  up: ['#f4c6ca', '#e5838c', '#d6404e'],
  zero: '#eef1f5',
};
