// Deletion and insertion curves: the model's output as players are removed from the instance
// (deletion) or added to the background (insertion), most important first. A faithful
// explanation makes the deletion curve fall fast and the insertion curve rise fast; the area
// under each curve (AUC, over the fraction of players) summarizes that, beside the area for
// random orders when the explanation has it (`whyrec curves --random-orders`:
// random_deletion_area, random_insertion_area per row).
import { format, pick } from './explanation-data.mjs';
import { finish } from './finish.mjs';
import { narrowWidth } from './fit.mjs';
import { Plot } from './plot.mjs';
import { colors, frame, textColors } from './theme.mjs';

/**
 * { deletion, insertion } → points and AUC of one row, or averaged over all rows, and the mean
 * area for random orders (or null).
 */
export function curvePoints(explanation, { row, outputIndex = 0 } = {}) {
  const names = ['deletion', 'insertion'].filter((name) => Array.isArray(explanation[name]));
  if (names.length === 0) {
    throw new Error(`the explanation has no "deletion" or "insertion" curve`);
  }
  return names.map((name) => {
    const rows = explanation[name].map((curve) => curve.map((entry) => pick(entry, outputIndex)));
    const used = row === undefined ? rows : [rows[row]];
    const steps = used[0].length - 1;
    const mean = used[0].map(
      (_, s) => used.reduce((sum, curve) => sum + curve[s], 0) / used.length,
    );
    const points = mean.map((y, s) => ({ curve: name, x: steps ? s / steps : 0, y }));
    const auc = points
      .slice(1)
      .reduce((area, p, s) => area + ((p.x - points[s].x) * (p.y + points[s].y)) / 2, 0);
    let randomAreas = explanation[`random_${name}_area`] ?? [];
    if (row !== undefined) randomAreas = randomAreas.slice(row, row + 1);
    const random = randomAreas.length
      ? randomAreas.reduce((sum, area) => sum + area, 0) / randomAreas.length
      : null;
    return { name, points, auc, random };
  });
}

/**
 * options: row (default: the mean curve over rows), width, axisLabel. The two curves are
 * overlaid, each with its own area down to zero (the area its AUC measures), never stacked; their
 * names and areas stand above the plot as a key.
 */
export function curves(explanation, options = {}) {
  const series = curvePoints(explanation, options);
  const stroke = { deletion: colors.down, insertion: colors.up };
  const points = series.flatMap((s) => s.points);
  const keys = series.map((s) => ({
    curve: s.name,
    text:
      `${s.name} (AUC ${format.fixed(s.auc)}` +
      (s.random === null ? ')' : `; random ${format.fixed(s.random)})`),
  }));
  const keyHeight = 18;
  const narrow = (options.width || 640) < narrowWidth;
  const chart = Plot.plot({
    ...frame(options),
    height: options.height ?? (narrow ? 300 : 340),
    marginTop: 20 + keys.length * keyHeight,
    marginRight: 20,
    grid: true,
    x: {
      label: 'fraction of players removed / added →',
      domain: [0, 1],
      tickFormat: '.0%',
      ticks: narrow ? 4 : undefined,
    },
    y: { label: options.axisLabel ?? `↑ ${explanation.output ?? 'model output'}` },
    marks: [
      ...series.map((s) =>
        Plot.areaY(s.points, {
          x: 'x',
          y1: 0,
          y2: 'y',
          fill: stroke[s.name],
          fillOpacity: 0.08,
        }),
      ),
      Plot.line(points, {
        x: 'x',
        y: 'y',
        z: 'curve',
        stroke: (p) => stroke[p.curve],
        strokeWidth: 2,
      }),
      Plot.dot(points, { x: 'x', y: 'y', fill: (p) => stroke[p.curve], r: 2.5 }),
      ...keys.flatMap((key, i) =>
        [
          ['━', 0],
          [key.text, 16],
        ].map(([text, dx]) =>
          Plot.text([key], {
            frameAnchor: 'top-left',
            textAnchor: 'start',
            dx,
            dy: -(keys.length - i) * keyHeight - 2,
            text: () => text,
            fill: key.curve === 'insertion' ? textColors.up : textColors.down,
          }),
        ),
      ),
    ],
  });
  return finish(chart, options, {
    title: `Deletion and insertion curves of ${explanation.output ?? 'the model output'}`,
    description:
      keys.map((k) => k.text).join('; ') +
      '. A faithful ranking makes the deletion curve fall fast and the insertion curve rise fast.',
  });
}
