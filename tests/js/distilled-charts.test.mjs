// The distilled-model charts drawn in Node against linkedom's DOM, from hand-made terms and a
// hand-made search front: each step, cell and point is where the numbers put it, with the score
// as written, and the charts name themselves.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import { binLabels, binOf, termSpread, termValue } from '../../web/charts/distilled-data.mjs';
import { pairHeatmap } from '../../web/charts/pair-heatmap.mjs';
import { frontPoints, paretoChart } from '../../web/charts/pareto.mjs';
import { shapeFunction } from '../../web/charts/shape-function.mjs';

const { document } = parseHTML('<!doctype html><html><body></body></html>');
const plotOf = (chart) =>
  chart.localName === 'svg' ? chart : [...chart.querySelectorAll('svg')].at(-1);
const titlesOf = (chart, mark) =>
  [...plotOf(chart).querySelectorAll(`g[aria-label="${mark}"] title`)].map((t) => t.textContent);

// The README's example model.
const model = {
  format: 'whyrec-distilled',
  version: 1,
  family: 'ga2m',
  link: 'identity',
  feature_names: ['a', 'b'],
  intercept: 1.25,
  terms: [
    { features: ['a'], cuts: [[0, 1]], scores: [0.5, -1, 0, 2] },
    { features: ['a', 'b'], cuts: [[0], [5]], scores: [0, 0, 0, 0, 1, -1, 0, -2, 3] },
  ],
};

test('bins and term values follow the README: bin 0 missing, 1 + cuts <= x', () => {
  assert.deepEqual(
    [NaN, -3, 0, 0.5, 1, 7].map((x) => binOf([0, 1], x)),
    [0, 1, 2, 2, 3, 3],
  );
  const [main, pair] = model.terms;
  assert.equal(termValue(model, main, [0.5, 0]), 0);
  assert.equal(termValue(model, main, [null, 0]), 0.5);
  // a = 2 is a's bin 2 of the pair ([0] cuts), b = 6 is b's bin 2: scores[2 * 3 + 2].
  assert.equal(termValue(model, pair, [2, 6]), 3);
  assert.equal(termValue(model, pair, [-1, 6]), -1);
  // Over rows with a = -3 and a = 2 the main term is -1 and 2: standard deviation 1.5.
  assert.equal(
    termSpread(model, main, [
      [-3, 0],
      [2, 0],
    ]),
    1.5,
  );
  assert.equal(termSpread(model, main), 3, 'without rows: the range over value bins');
  assert.deepEqual(binLabels([0, 1]), ['missing', '< 0', '0 to 1', '≥ 1']);
  assert.deepEqual(binLabels([1.00001, 1.00002]).slice(1), [
    '< 1.00001',
    '1.00001 to 1.00002',
    '≥ 1.00002',
  ]);
});

test('shape function: one step per value bin at its score, the missing bin apart', () => {
  const chart = shapeFunction(model.terms[0], { document, labels: { a: 'Feature A' } });
  assert.equal(chart.getAttribute('aria-label'), 'Shape function of Feature A');
  assert.deepEqual(titlesOf(chart, 'rule'), [
    'Feature A < 0: -1',
    'Feature A 0 to 1: 0',
    'Feature A ≥ 1: 2',
    'Feature A missing: 0.5',
  ]);
  // Rules: zero, risers, steps, missing.
  const steps = [...plotOf(chart).querySelectorAll('g[aria-label="rule"]')][2];
  const lines = [...steps.querySelectorAll('line')];
  // Steps end where the next begins, and a higher score is drawn higher.
  assert.equal(lines[0].getAttribute('x2'), lines[1].getAttribute('x1'));
  assert.equal(lines[1].getAttribute('x2'), lines[2].getAttribute('x1'));
  const y = lines.map((line) => Number(line.getAttribute('y1')));
  assert.ok(y[0] > y[1] && y[1] > y[2], `y of -1, 0, 2: ${y}`);
  assert.match(plotOf(chart).querySelector('desc').textContent, /a missing value adds 0\.5/);
});

test('pair heatmap: one cell per bin pair, missing bins first, scores as written', () => {
  const chart = pairHeatmap(model.terms[1], { document });
  const cells = titlesOf(chart, 'cell');
  assert.equal(cells.length, 9);
  assert.equal(cells[0], 'a missing × b missing: 0');
  assert.equal(cells[8], 'a ≥ 0 × b ≥ 5: 3');
  assert.equal(cells[5], 'a < 0 × b ≥ 5: -1');
  assert.equal(chart.getAttribute('aria-label'), 'Interaction of a and b');
  assert.match(plotOf(chart).querySelector('desc').textContent, /a ≥ 0 with b ≥ 5, adds \+3/);
});

const front = {
  format: 'whyrec-distill-front',
  version: 1,
  metric: 'holdout_r2',
  pick_rule: 'smallest within 1% of the best',
  candidates: [
    {
      family: 'linear',
      settings: { max_terms: 5 },
      gzip_bytes: 1000,
      holdout_r2: 0.6,
      pareto: true,
      picked: false,
    },
    {
      family: 'ga2m',
      settings: { bags: 1 },
      gzip_bytes: 10000,
      holdout_r2: 0.9,
      pareto: true,
      picked: true,
    },
    {
      family: 'ga2m',
      settings: { bags: 8 },
      gzip_bytes: 100000,
      holdout_r2: 0.905,
      pareto: true,
      picked: false,
    },
    {
      family: 'tree',
      settings: {},
      gzip_bytes: 20000,
      holdout_r2: 0.7,
      pareto: false,
      picked: false,
    },
    {
      family: 'rules',
      settings: {},
      gzip_bytes: 3000,
      holdout_r2: null,
      pareto: false,
      picked: false,
    },
  ],
};

test('Pareto chart: size on a log scale, the front joined, the pick ringed', () => {
  assert.equal(frontPoints(front).length, 4);
  const chart = paretoChart(front, { document });
  const plot = plotOf(chart);
  const dots = [...plot.querySelectorAll('g[aria-label="dot"]')];
  const points = [...dots[0].querySelectorAll('path')].map((p) => {
    const m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(p.getAttribute('transform'));
    return [Number(m[1]), Number(m[2])];
  });
  assert.equal(points.length, 4);
  // Log scale: 1,000 → 10,000 → 100,000 are equal steps.
  const [x1, x2, x3] = points.map(([x]) => x);
  assert.ok(Math.abs(x2 - x1 - (x3 - x2)) < 0.5, `${x1} ${x2} ${x3}`);
  // The line joins the three Pareto points, smallest first.
  const d = plot.querySelector('g[aria-label="line"] path').getAttribute('d');
  const vertices = d.match(/[-\d.]+,[-\d.]+/g).map((v) => v.split(',').map(Number));
  assert.equal(vertices.length, 3);
  vertices.forEach(([x, y], i) => {
    assert.ok(Math.abs(x - points[i][0]) < 0.5 && Math.abs(y - points[i][1]) < 0.5);
  });
  // The ring is on the picked candidate.
  const ring = dots[1].querySelector('circle');
  assert.ok(Math.abs(Number(ring.getAttribute('cx')) - points[1][0]) < 0.5);
  const desc = plot.querySelector('desc').textContent;
  assert.match(desc, /3 candidates are on the Pareto front; picked: ga2m \(bags 1\) \(picked\)/);
  assert.match(desc, /1 without holdout_r2 not shown/);
});

test('a file that is no search front gets an error naming the format', () => {
  assert.throws(
    () => paretoChart({ format: 'whyrec-distilled' }, { document }),
    /not a search front/,
  );
  const bad = { ...front, candidates: [{ ...front.candidates[0], gzip_bytes: 0 }] };
  assert.throws(() => paretoChart(bad, { document }), /candidate 0 has gzip_bytes 0/);
});
