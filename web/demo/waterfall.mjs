// A waterfall chart of one explained row: the base value, then each player's contribution (largest
// magnitude first) moving the running total, ending at the model's output. Drawn with Observable
// Plot (the global `Plot` from its UMD build), which writes labels as text, never as markup.

const colors = { up: '#d6404e', down: '#2f74c0', total: '#8a94a6' };

/**
 * steps: [{ label, value }] in the order drawn; baseValue and output bracket them. Returns the
 * SVG element.
 */
export function waterfall({ baseValue, output, steps, axisLabel, width }) {
  let running = baseValue;
  const bars = steps.map(({ label, value }) => {
    const start = running;
    running += value;
    return { label, start, end: running, value, kind: value >= 0 ? 'up' : 'down' };
  });
  const totals = [
    { label: 'Base value (average over background)', start: 0, end: baseValue, kind: 'total' },
    { label: 'Model output for this item', start: 0, end: output, kind: 'total' },
  ];
  const rows = [totals[0], ...bars, totals[1]];
  const signed = new Intl.NumberFormat('en-US', {
    signDisplay: 'always',
    minimumFractionDigits: 3,
    maximumFractionDigits: 3,
  });
  const plain = new Intl.NumberFormat('en-US', { minimumFractionDigits: 3 });
  const labelOf = (row) =>
    row.kind === 'total' ? plain.format(row.end) : signed.format(row.value);
  const rightEnd = (row) => Math.max(row.start, row.end);
  const leftEnd = (row) => Math.min(row.start, row.end);
  const labelledRight = rows.filter((row) => row.kind !== 'down');
  const labelledLeft = rows.filter((row) => row.kind === 'down');
  // Thin links from each bar's end to the next bar's start make the running total readable.
  const links = rows
    .slice(0, -1)
    .map((row, i) => ({ x: row.end, from: row.label, to: rows[i + 1].label }));
  return Plot.plot({
    width,
    height: rows.length * 30 + 50,
    marginLeft: 300,
    marginRight: 70,
    style: { fontSize: '13px', fontFamily: 'inherit', color: '#1f2733' },
    x: { label: axisLabel, grid: true, nice: true },
    y: { domain: rows.map((row) => row.label), label: null, tickSize: 0, padding: 0.25 },
    marks: [
      Plot.ruleX([0], { stroke: '#c5ccd6' }),
      Plot.link(links, {
        x1: 'x',
        x2: 'x',
        y1: 'from',
        y2: 'to',
        stroke: '#6b7480',
        strokeDasharray: '2,2',
      }),
      ...Object.entries(colors).map(([kind, fill]) =>
        Plot.barX(
          rows.filter((row) => row.kind === kind),
          { x1: 'start', x2: 'end', y: 'label', fill, rx: 2 },
        ),
      ),
      Plot.text(labelledRight, {
        x: rightEnd,
        y: 'label',
        text: labelOf,
        dx: 6,
        textAnchor: 'start',
      }),
      Plot.text(labelledLeft, {
        x: leftEnd,
        y: 'label',
        text: labelOf,
        dx: -6,
        textAnchor: 'end',
      }),
    ],
  });
}
