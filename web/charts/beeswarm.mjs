// Beeswarm over many rows: one line per player (most important on top), one dot per row at its
// contribution, coloured by the row's feature value relative to the other rows. Dots spread
// vertically in proportion to how many rows share their contribution, as in SHAP's summary plot.
import { importance } from './bar.mjs';
import { featureValues, format, matrix } from './explanation-data.mjs';
import { finish } from './finish.mjs';
import { labelRoom, nameAxis, narrowWidth, titleShortened } from './fit.mjs';
import { Plot } from './plot.mjs';
import { colors, featureValueColor, frame } from './theme.mjs';

const bins = 40;

/** options: data (rows × players feature values, for colour), labels, top (default 15), width. */
export function beeswarm(explanation, options = {}) {
  const values = matrix(explanation, 'values', options.outputIndex);
  const data = featureValues(explanation, options);
  const ranked = importance(explanation, options).slice(0, options.top ?? 15);
  const all = values.flat();
  const [lo, hi] = [Math.min(...all), Math.max(...all)];
  const dots = ranked.flatMap(({ name, label }) => {
    const j = explanation.feature_names.indexOf(name);
    const column = values.map((row) => row[j]);
    const shade = data ? relative(data.map((row) => row[j])) : () => null;
    const binOf = (x) => Math.min(bins - 1, Math.floor(((x - lo) / (hi - lo || 1)) * bins));
    const counts = new Array(bins).fill(0);
    for (const x of column) counts[binOf(x)]++;
    const fullest = Math.max(...counts);
    return column.map((x, i) => ({
      label,
      value: x,
      shade: shade(i),
      featureValue: data?.[i]?.[j],
      // A low-discrepancy spread keeps the picture the same from one drawing to the next.
      spread: Math.sqrt(counts[binOf(x)] / fullest) * ((((i + 1) * 0.618034) % 1) * 1.8 - 0.9),
    }));
  });
  const width = options.width || 640;
  const names = ranked.map((r) => r.label);
  const room = labelRoom(names, width);
  const chart = Plot.plot({
    ...frame(options),
    height: ranked.length * 34 + 80,
    marginLeft: room.margin,
    marginRight: 20,
    x: {
      label: options.axisLabel ?? 'contribution to the output →',
      grid: true,
      ticks: width < narrowWidth ? 4 : undefined,
    },
    y: { domain: [-1, 1], axis: null },
    fy: nameAxis(names, room.chars, { tickSize: undefined, padding: 0.1 }),
    color: data
      ? {
          ...featureValueColor,
          domain: [0, 1],
          legend: true,
          label: 'Feature value: low → high',
          tickFormat: () => '',
        }
      : undefined,
    marks: [
      Plot.ruleX([0], { stroke: colors.rule }),
      Plot.dot(dots, {
        x: 'value',
        y: 'spread',
        fy: 'label',
        r: 2.4,
        fill: data ? 'shade' : colors.down,
        title: (d) =>
          d.featureValue === undefined ? `${d.value}` : `value ${d.featureValue}: ${d.value}`,
      }),
    ],
  });
  titleShortened(
    chart.localName === 'svg' ? chart : chart.querySelector('svg:last-of-type'),
    'fy',
    names,
    room.chars,
  );
  return finish(chart, options, {
    title: `Beeswarm: each feature's contribution in ${values.length} rows, most important first`,
    description:
      `Contributions range from ${format.signed(lo)} to ${format.signed(hi)}. Features, most ` +
      `important first: ${names.join(', ')}.` +
      (data ? ' Dots are coloured by the feature value, blue low to red high.' : ''),
  });
}

// Where each value lies between the column's smallest and largest (0.5 for a constant column).
function relative(column) {
  const [lo, hi] = [Math.min(...column), Math.max(...column)];
  return (i) => (hi > lo ? (column[i] - lo) / (hi - lo) : 0.5);
}
