// Every chart of web/charts/ drawn in Node against linkedom's DOM, from a made-up explanation
// with every field: what each draws matches the numbers it was given, names stay text, missing
// fields fail with a message naming them, and exports are standalone SVG.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseHTML } from 'linkedom';
import {
  anchor,
  bar,
  beeswarm,
  charts,
  curves,
  dependence,
  force,
  heatmap,
  lime,
  svgText,
  waterfall,
} from '../../web/charts/index.mjs';
import { importance } from '../../web/charts/bar.mjs';
import { curvePoints } from '../../web/charts/curves.mjs';
import { interactingFeature } from '../../web/charts/dependence.mjs';
import { fixtureExplanation } from './explanation-fixture.mjs';

const { document } = parseHTML('<!doctype html><html><body></body></html>');
const explanation = fixtureExplanation();
const rows = explanation.values.length;
const players = explanation.feature_names.length;

// The plotting area's SVG (a chart with a legend is a <figure> of legend and plot).
const plotOf = (chart) =>
  chart.localName === 'svg' ? chart : [...chart.querySelectorAll('svg')].at(-1);
const texts = (chart) => [...chart.querySelectorAll('text')].map((t) => t.textContent);
const count = (chart, selector) => plotOf(chart).querySelectorAll(selector).length;

describe('each chart draws what the explanation says', () => {
  test('waterfall: base value, one bar per player, output; labels carry the values', () => {
    const chart = waterfall(explanation, { document, row: 3, labels: { novelty: 'Novelty' } });
    assert.equal(chart.localName, 'svg');
    assert.equal(count(chart, 'rect'), players + 2);
    const labels = texts(chart);
    assert.ok(labels.includes('Base value (background average)'));
    assert.ok(
      labels.some((text) => text.startsWith('Novelty = ')),
      'readable name and value',
    );
    const novelty = explanation.feature_names.indexOf('novelty');
    const shown = Math.round(explanation.values[3][novelty] * 1000) / 1000;
    assert.ok(labels.includes((shown >= 0 ? '+' : '') + shown.toFixed(3)), `${shown} is labelled`);
    assert.ok(labels.includes(explanation.model_output[3].toFixed(3)));
  });

  test('waterfall: beyond `top`, the rest add up into one bar', () => {
    const chart = waterfall(explanation, { document, top: 4 });
    assert.equal(count(chart, 'rect'), 4 + 2);
    assert.ok(texts(chart).includes(`${players - 3} other features`));
  });

  test('force: one segment per non-zero contribution between base value and output', () => {
    const chart = force(explanation, { document, row: 1 });
    const nonZero = explanation.values[1].filter((v) => v !== 0).length;
    assert.equal(count(chart, 'rect'), nonZero);
    const labels = texts(chart).join('\n');
    assert.match(labels, /output -?\d\.\d{3}/);
    assert.match(labels, /base value 0\.200/);
  });

  test('bar: mean |value| per player, largest first', () => {
    const ranked = importance(explanation);
    const expected = explanation.feature_names
      .map((name, j) => ({
        name,
        mean: explanation.values.reduce((s, r) => s + Math.abs(r[j]), 0) / rows,
      }))
      .sort((a, b) => b.mean - a.mean);
    assert.deepEqual(
      ranked.map((r) => r.name),
      expected.map((e) => e.name),
    );
    ranked.forEach((r, i) => assert.ok(Math.abs(r.importance - expected[i].mean) < 1e-12));
    const chart = bar(explanation, { document });
    assert.equal(count(chart, 'rect'), players);
    assert.ok(texts(chart).includes(expected[0].mean.toFixed(3)));
  });

  test('beeswarm: a dot per row and player, coloured by feature value with a legend', () => {
    const chart = beeswarm(explanation, { document });
    assert.equal(chart.localName, 'figure', 'plot and legend');
    assert.equal(count(chart, 'circle'), rows * players);
    const fills = new Set(
      [...plotOf(chart).querySelectorAll('circle')].map((c) => c.getAttribute('fill')),
    );
    assert.ok(fills.size > 3, `${fills.size} colours`);
  });

  test('dependence: a dot per row; colour by the strongest interaction', () => {
    // interaction_values of the fixture are largest on the diagonal; plant one strong pair.
    const planted = structuredClone(explanation);
    for (const matrix of planted.interaction_values) matrix[2][5] = matrix[5][2] = 50;
    assert.equal(interactingFeature(planted, planted.feature_names[2]), planted.feature_names[5]);
    // Several outputs (a multiclass model): each entry has one value per output.
    const perOutput = structuredClone(explanation);
    perOutput.interaction_values = explanation.interaction_values.map((matrix) =>
      matrix.map((row) => row.map((value) => [value, 0])),
    );
    for (const matrix of perOutput.interaction_values) matrix[2][7] = matrix[7][2] = [0, 50];
    const names = perOutput.feature_names;
    assert.equal(interactingFeature(perOutput, names[2], { outputIndex: 1 }), names[7]);
    assert.notEqual(interactingFeature(perOutput, names[2], { outputIndex: 0 }), names[7]);
    const chart = dependence(planted, { document, feature: planted.feature_names[2] });
    assert.equal(count(chart, 'circle'), rows);
    assert.match(chart.textContent, new RegExp(planted.feature_names[5]));
    assert.throws(
      () => dependence({ ...explanation, data: undefined }, { document }),
      /needs the rows’ feature values/,
    );
  });

  test('heatmap: a cell per pair of players', () => {
    const chart = heatmap(explanation, { document });
    assert.equal(count(chart, 'rect'), players * players);
    const one = heatmap(explanation, { document, row: 0 });
    assert.ok(texts(one).includes(explanation.interaction_values[0][0][0].toFixed(3)));
  });

  test('lime: weights by magnitude, labelled by conditions, with intercept and R²', () => {
    const withZero = structuredClone(explanation);
    withZero.weights[0][1] = 0;
    const chart = lime(withZero, { document });
    assert.equal(count(chart, 'rect'), players - 1, 'a zero weight is a feature LIME left out');
    const labels = texts(chart);
    assert.ok(labels.includes(withZero.conditions[0][0]));
    assert.ok(labels.includes('intercept 0.100 · local R² 0.900'));
  });

  test('anchor: the rule as IF/AND lines, precision and coverage as bars', () => {
    const chart = anchor(explanation, { document, row: 2 });
    const labels = texts(chart);
    const [first, second] = explanation.anchor[2].split(' AND ');
    assert.ok(labels.includes(`IF  ${first}`) && labels.includes(`AND  ${second}`));
    assert.ok(labels.includes('95%') && labels.includes('12%'));
    assert.equal(count(chart, 'rect'), 2);
  });

  test('anchor: the core’s structured conditions, decision and precision bound', () => {
    const fromCore = {
      method: 'anchors',
      feature_names: ['novelty', 'user_activity'],
      model_output: [0.08],
      anchor: ['novelty > 0.376 AND user_activity <= 2.8'],
      conditions: [
        [
          { feature: 'novelty', op: '>', value: 0.3760000094771384 },
          { feature: 'user_activity', op: '<=', value: 2.799999952316284 },
        ],
      ],
      precision: [1],
      precision_lower_bound: [0.993],
      coverage: [0.2262],
      anchor_found: [true],
      prediction: [0],
    };
    const labels = texts(anchor(fromCore, { document }));
    assert.ok(labels.includes('IF  novelty > 0.376'), labels.join('|'));
    assert.ok(labels.includes('AND  user_activity <= 2.8'));
    assert.ok(labels.includes("THEN the model's decision stays 0"));
    assert.ok(labels.includes('100% (≥ 99.3%)') && labels.includes('22.6%'));
    // LIME's chart does not take anchors' structured conditions for labels.
    assert.throws(() => lime(fromCore, { document }), /no "weights"/);
  });

  test('curves: deletion and insertion with their area under the curve', () => {
    const [deletion, insertion] = curvePoints({ deletion: [[1, 0.5, 0]], insertion: [[0, 1, 1]] });
    assert.equal(deletion.auc, 0.5);
    assert.equal(insertion.auc, 0.75);
    const chart = curves(explanation, { document });
    assert.equal(count(chart, 'circle'), 2 * (players + 1));
    assert.ok(texts(chart).some((text) => /^deletion \(AUC 0\.\d{3}\)$/.test(text)));
  });
});

test('the registry offers only the charts an explanation can draw', () => {
  const today = { ...fixtureExplanation({ rows: 1 }) };
  for (const field of [
    'interaction_values',
    'weights',
    'anchor',
    'deletion',
    'insertion',
    'data',
  ]) {
    delete today[field];
  }
  const drawable = Object.keys(charts).filter((name) => charts[name].canDraw(today, {}));
  assert.deepEqual(drawable, ['waterfall', 'force', 'bar']);
  const all = Object.keys(charts).filter((name) => charts[name].canDraw(explanation, {}));
  assert.deepEqual(all, Object.keys(charts));
});

test('multi-output explanations: charts draw the chosen output', () => {
  const two = structuredClone(explanation);
  two.values = two.values.map((row) => row.map((v) => [v, -v]));
  two.base_value = [0.2, 0.8];
  two.model_output = two.model_output.map((y) => [y, 1 - y]);
  const first = texts(waterfall(two, { document }));
  const second = texts(waterfall(two, { document, outputIndex: 1 }));
  assert.ok(first.includes('0.200') && second.includes('0.800'));
});

test('a hostile feature name is drawn as text, never as markup', () => {
  const hostile = '<img src=x onerror=alert(1)>';
  const names = [hostile, ...explanation.feature_names.slice(1)];
  const evil = {
    ...explanation,
    feature_names: names,
    conditions: explanation.conditions.map((row) => [`${hostile} <= 1`, ...row.slice(1)]),
    anchor: explanation.anchor.map(() => `${hostile} > 2`),
  };
  for (const [name, { draw }] of Object.entries(charts)) {
    const chart = draw(evil, { document, feature: hostile });
    assert.equal(chart.querySelectorAll('img').length, 0, `${name}: no <img>`);
    // Curves name no players.
    assert.ok(chart.textContent.includes(hostile) || name === 'curves', `${name} shows the name`);
    assert.ok(!svgText(chart).includes('<img'), `${name}: escaped in the export`);
  }
});

test('a missing feature value (null as JSON writes NaN, or NaN) reads "missing"', () => {
  const gaps = structuredClone(explanation);
  gaps.data[0][0] = null;
  gaps.data[1][0] = NaN;
  const name = explanation.feature_names[0];
  for (const row of [0, 1]) {
    assert.ok(
      texts(waterfall(gaps, { document, row })).includes(`${name} = missing`),
      `row ${row}`,
    );
  }
  for (const [chartName, { draw }] of Object.entries(charts)) {
    assert.doesNotThrow(() => draw(gaps, { document, feature: name }), chartName);
  }
});

test('missing fields fail with a message that names them', () => {
  const bare = { method: 'exact', feature_names: ['a'], values: [[1]], model_output: [1] };
  assert.throws(() => heatmap(bare, { document }), /no "interaction_values" \(method "exact"\)/);
  assert.throws(() => lime(bare, { document }), /no "weights"/);
  assert.throws(() => anchor(bare, { document }), /no "anchor" rule/);
  assert.throws(() => curves(bare, { document }), /no "deletion" or "insertion"/);
});

test('exports are standalone SVG, figures stacked into one', () => {
  const single = svgText(bar(explanation, { document }));
  assert.match(single, /^<svg[^>]* xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  const stacked = svgText(beeswarm(explanation, { document }));
  assert.match(stacked, /^<svg[^>]* viewBox="0 0 640 \d+"/);
  assert.equal(stacked.match(/<svg/g).length, 3, 'the root around legend and plot');
});

test('waterfall: sampled values show ±1 standard error', () => {
  const sampled = structuredClone(explanation);
  sampled.std_errors = sampled.values.map((row) => row.map(() => 0.0123));
  const chart = waterfall(sampled, { document });
  assert.equal(chart.querySelectorAll('g[aria-label="rule"] line').length, players + 1);
  assert.ok(texts(chart).some((text) => / ± 0\.012$/.test(text)));
});

test('curves: the JSON of `whyrec curves`, with the random-order areas beside', () => {
  const fromCli = {
    method: 'curves',
    feature_names: ['a', 'b'],
    deletion: [
      [1, 0.5, 0],
      [1, 1, 0],
    ],
    insertion: [
      [0, 0.5, 1],
      [0, 0, 1],
    ],
    deletion_area: [0.5, 0.75],
    insertion_area: [0.5, 0.25],
    random_deletion_area: [0.6, 0.7],
    random_insertion_area: [0.4, 0.3],
  };
  const [deletion] = curvePoints(fromCli, { row: 1 });
  assert.equal(deletion.auc, fromCli.deletion_area[1]);
  assert.equal(deletion.random, 0.7);
  const labels = texts(curves(fromCli, { document }));
  assert.ok(labels.includes('deletion (AUC 0.625; random 0.650)'), labels.join('|'));
  assert.ok(charts.curves.canDraw(fromCli));
});

describe('charts for every reader and every width (#16)', () => {
  const drawAll = (options) =>
    Object.entries(charts).map(([name, { draw, scope }]) => [
      name,
      draw(explanation, { document, row: scope === 'row' ? 0 : undefined, ...options }),
    ]);

  test('each chart is an image with a name and a description in words', () => {
    for (const [name, chart] of drawAll({})) {
      const plot = plotOf(chart);
      assert.equal(plot.getAttribute('role'), 'img', name);
      const label = plot.getAttribute('aria-label');
      assert.ok(label.length > 10, `${name}: ${label}`);
      assert.equal(plot.querySelector('title').textContent, label, `${name}: <title>`);
      assert.ok(plot.querySelector('desc').textContent.length > 20, `${name}: <desc>`);
      for (const legend of [...chart.querySelectorAll('svg')].filter((svg) => svg !== plot)) {
        assert.match(legend.getAttribute('aria-label'), /^Legend: /, `${name}: legend`);
        assert.equal(legend.style.fontSize, '12px', `${name}: legend text as the plot's`);
      }
    }
    const description = plotOf(waterfall(explanation, { document })).querySelector('desc');
    assert.match(description.textContent, /^Base value 0\.200\. .*Model output: -?\d\.\d{3}\.$/);
  });

  test('at 320 px every chart draws with no negative size, the waterfall with all its bars', () => {
    for (const [name, chart] of drawAll({ width: 320 })) {
      for (const node of chart.querySelectorAll('rect, svg, image')) {
        for (const attribute of ['width', 'height']) {
          const value = node.getAttribute(attribute);
          if (value !== null) assert.ok(Number(value) >= 0, `${name}: ${attribute} ${value}`);
        }
      }
      const width = Number(plotOf(chart).getAttribute('width'));
      assert.ok(width <= 320, `${name} is ${width} px wide`);
    }
    const narrow = waterfall(explanation, { document, width: 320 });
    const bars = [...narrow.querySelectorAll('rect')].map((rect) =>
      Number(rect.getAttribute('width')),
    );
    assert.equal(bars.length, players + 2);
    assert.ok(Math.max(...bars) > 100, `the longest bar is ${Math.max(...bars)} px`);
    // Names stand above the bars, whole where they fit.
    assert.ok(texts(narrow).includes(`item_rating = ${explanation.data[0][4]}`));
  });

  test('long names end in "…" and keep the whole name as a tooltip', () => {
    const long = 'a feature name far too long to stand beside a bar on a phone';
    const labels = { [explanation.feature_names[0]]: long };
    for (const draw of [bar, heatmap]) {
      const chart = draw(explanation, { document, labels, width: 360 });
      const titles = [...plotOf(chart).querySelectorAll('text > title')].map((t) => t.textContent);
      assert.ok(titles.includes(long), `${draw.name}: ${titles}`);
      assert.ok(
        texts(chart).some((text) => text.startsWith('a feature') && text.includes('…')),
        draw.name,
      );
    }
  });

  test('dependence: the colour legend reads as a few round numbers', () => {
    const chart = dependence(explanation, { document, feature: 'novelty', color: 'discount_pct' });
    const legend = chart.querySelector('svg');
    const ticks = [...legend.querySelectorAll('g[aria-label] text, g text')]
      .map((t) => t.textContent)
      .filter((text) => /^-?[\d.,]+$/.test(text));
    assert.ok(ticks.length >= 2 && ticks.length <= 6, ticks.join('|'));
    assert.equal(new Set(ticks).size, ticks.length);
    for (const tick of ticks) assert.ok(tick.length <= 4, `"${tick}" is short`);
    const column = explanation.data.map((row) => row[5]);
    const [lo, hi] = [Math.min(...column), Math.max(...column)];
    for (const tick of ticks.map(Number)) assert.ok(tick > lo && tick < hi, `${tick} within data`);
  });

  test('dependence: a constant or partly missing colour column still draws', () => {
    const flat = structuredClone(explanation);
    for (const row of flat.data) row[5] = 3;
    flat.data[0][6] = null;
    for (const color of ['discount_pct', 'novelty']) {
      const chart = dependence(flat, { document, feature: 'item_rating', color });
      assert.equal(count(chart, 'circle'), rows, color);
    }
  });

  test('anchor: on a phone the outcome wraps onto further lines, every word kept', () => {
    const unsure = { ...explanation, anchor_found: explanation.anchor.map(() => false) };
    const outcome = texts(anchor(unsure, { document, width: 320 })).filter(
      (t) => !/^(IF|AND) |%$|^(Precision|Coverage)$/.test(t),
    );
    assert.ok(outcome.length >= 2, outcome.join('|'));
    assert.ok(outcome.every((line) => line.length <= 37 && !line.includes('…')));
    assert.match(
      outcome.join(' '),
      /^THEN the prediction stays near -?\d\.\d{3}, but less reliably than asked for/,
    );
  });

  test('heatmap: a colour legend with round steps', () => {
    const chart = heatmap(explanation, { document });
    assert.equal(chart.localName, 'figure');
    const legend = chart.querySelector('svg');
    assert.match(legend.getAttribute('aria-label'), /mean \|interaction value\|/);
    const ticks = [...legend.querySelectorAll('text')].map((t) => Number(t.textContent));
    const numbers = ticks.filter(Number.isFinite);
    assert.ok(numbers.length >= 2, `${numbers}`);
    const step = numbers[1] - numbers[0];
    numbers.forEach((tick, i) => assert.ok(Math.abs(tick - numbers[0] - i * step) < 1e-9));
  });

  test('force: every label has a leader line from its own segment', () => {
    const chart = force(explanation, { document, row: 1 });
    const segments = [...chart.querySelectorAll('g[aria-label="rect"] rect')].map((rect) => [
      Number(rect.getAttribute('x')),
      Number(rect.getAttribute('x')) + Number(rect.getAttribute('width')),
    ]);
    const leaders = [...chart.querySelectorAll('g[aria-label="link"] path')].map((path) =>
      path
        .getAttribute('d')
        .match(/-?[\d.]+/g)
        .map(Number),
    );
    const labelled = [...chart.querySelectorAll('g[aria-label="text"] text')].filter(
      (t) => /[+-]\d\.\d{3}$/.test(t.textContent) && !t.textContent.startsWith('output'),
    );
    assert.ok(leaders.length >= 3, `${leaders.length} leaders`);
    assert.equal(leaders.length, labelled.length);
    for (const [x1, y1, x2, y2] of leaders) {
      assert.ok(
        segments.some(([a, b]) => x1 >= a - 1e-6 && x1 <= b + 1e-6),
        `a leader starts on a segment at ${x1}`,
      );
      assert.ok(y2 > y1, 'and runs down to its label');
    }
  });

  test('curves: the two areas are overlaid, each under its own line, never stacked', () => {
    const chart = curves(explanation, { document });
    const points = (d) => d.match(/-?[\d.]+,-?[\d.]+/g);
    const lines = [...chart.querySelectorAll('g[aria-label="line"] path')].map((p) =>
      points(p.getAttribute('d')),
    );
    const areas = [...chart.querySelectorAll('g[aria-label="area"] path')].map((p) =>
      points(p.getAttribute('d')),
    );
    assert.equal(lines.length, 2);
    assert.equal(areas.length, 2);
    for (const line of lines) {
      assert.ok(
        areas.some((area) => line.every((point) => area.includes(point))),
        'an area whose top is this line',
      );
    }
  });

  test('exports keep the text size of the page and name a font', () => {
    for (const chart of [bar(explanation, { document }), beeswarm(explanation, { document })]) {
      const text = svgText(chart);
      const root = text.slice(0, text.indexOf('>'));
      assert.match(root, /font-family: system-ui, sans-serif/);
      for (const style of text
        .match(/<svg[^>]*style="[^"]*"/g)
        .slice(chart.localName === 'svg' ? 0 : 1)) {
        assert.match(style, /font-size: ?12px/, style);
      }
    }
  });

  test('LIME and Anchors: their own charts, not the contribution charts', () => {
    for (const method of ['lime', 'anchors']) {
      const drawable = Object.keys(charts).filter((name) =>
        charts[name].canDraw({ ...explanation, method }, {}),
      );
      assert.deepEqual(drawable, ['heatmap', 'lime', 'anchor', 'curves'], method);
    }
  });
});
