// The history charts (web/charts/history-timeline.mjs, attention-map.mjs) drawn in Node against
// linkedom's DOM from hand-made history explanations: a cell per item in chronological order,
// colours whose hue follows the value's sign, items of a group sharing its value, names as text
// (never markup) that never overlap, round legend numbers, and the attention of a layer and head.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseHTML } from 'linkedom';
import { attentionHeatmap, historyTimeline, svgText } from '../../web/charts/index.mjs';
import { attentionMatrix } from '../../web/charts/attention-map.mjs';
import { historyItems } from '../../web/charts/history-data.mjs';
import { divergingSteps, roundStep, sequentialSteps } from '../../web/charts/steps.mjs';
import { contributionColor } from '../../web/charts/theme.mjs';
import { seededRandom } from './seeded-random.mjs';

const { document } = parseHTML('<!doctype html><html><body></body></html>');
const hostile = '<img src=x onerror=alert(1)>';

/** A history explanation of n items, one player each unless `players` groups positions. */
function historyExplanation(n, { seed = 3, names, players, errors } = {}) {
  const random = seededRandom(seed);
  const groups = players ?? Array.from({ length: n }, (_, i) => [i]);
  const values = groups.map(() => Math.round((random() * 2 - 1) * 10000) / 10000);
  return {
    method: 'kernel',
    output: 'score',
    feature_names: [names ?? groups.map((_, p) => `Film ${p} (${1990 + (p % 30)})`)],
    values: [values],
    std_errors: [errors ?? groups.map(() => 0)],
    base_value: [1.2],
    model_output: [1.2 + values.reduce((sum, v) => sum + v, 0)],
    evaluations: 400,
    seed: 1,
    history: [Array.from({ length: n }, (_, i) => 100 + i)],
    target: [77],
    player_items: [groups],
  };
}

/** A random causal attention: layers × heads × n × n, each row a distribution over ≤ its item. */
function withAttention(explanation, { layers = 2, heads = 2 } = {}) {
  const n = explanation.history[0].length;
  const random = seededRandom(11);
  const raw = Array.from({ length: layers }, () =>
    Array.from({ length: heads }, () =>
      Array.from({ length: n }, (_, q) => {
        const weights = Array.from({ length: n }, (_, k) => (k <= q ? random() : 0));
        const total = weights.reduce((sum, w) => sum + w, 0);
        return weights.map((w) => w / total);
      }),
    ),
  );
  const rollout = raw.at(-1)[0].at(-1);
  return {
    ...explanation,
    method: 'attention',
    attention: [{ last_layer: rollout, rollout, flow: rollout.map((w) => w / 2), raw }],
  };
}

// The plotting area's SVG (the charts are figures of a legend and a plot).
const plotOf = (chart) => [...chart.querySelectorAll('svg')].at(-1);
const legendOf = (chart) => [...chart.querySelectorAll('svg')][0];
const cellsOf = (chart) => [...plotOf(chart).querySelectorAll('g[aria-label="cell"] rect')];
const titleOf = (node) => node.querySelector('title')?.textContent ?? '';
// Tick labels of a threshold legend.
const legendNumbers = (chart) =>
  [...legendOf(chart).querySelectorAll('.tick text')].map((t) => t.textContent);
// Item labels: the rotated text marks, with where they stand across.
const itemLabels = (chart) =>
  [...plotOf(chart).querySelectorAll('text[transform*="rotate(-90)"]')].map((text) => ({
    x: Number(text.getAttribute('transform').match(/translate\(([-\d.]+)/)[1]),
    shown: text.firstChild.textContent,
    title: titleOf(text),
  }));

describe('history timeline', () => {
  test('one cell per item, oldest left, from 1 to 200 items, at 390 and 640 px', () => {
    for (const n of [1, 2, 12, 50, 200]) {
      for (const width of [390, 640]) {
        const chart = historyTimeline(historyExplanation(n), { document, width });
        assert.equal(chart.localName, 'figure', 'legend and plot');
        const cells = cellsOf(chart);
        assert.equal(cells.length, n, `${n} items at ${width} px`);
        const xs = cells.map((cell) => Number(cell.getAttribute('x')));
        xs.slice(1).forEach((x, i) => assert.ok(x > xs[i], `item ${i + 1} right of item ${i}`));
        assert.ok(Number(plotOf(chart).getAttribute('width')) <= width, `fits in ${width} px`);
        assert.ok(Number(legendOf(chart).getAttribute('width')) <= width);
        const arrows = plotOf(chart).textContent.includes('← older');
        assert.equal(arrows, n >= 3, 'which way time runs, where both words fit');
      }
    }
  });

  test('each cell takes the hue of its value’s sign; zero is neutral', () => {
    const explanation = historyExplanation(30);
    explanation.values[0][4] = 0;
    const cells = cellsOf(historyTimeline(explanation, { document }));
    const { up, down, zero } = contributionColor;
    explanation.values[0].forEach((value, i) => {
      const fill = cells[i].getAttribute('fill');
      const expected = value > 0 ? up : value < 0 ? down : [zero];
      assert.ok(expected.includes(fill), `value ${value} drawn ${fill}`);
    });
    // Larger magnitudes are never lighter: the darkest steps hold the extremes.
    const values = explanation.values[0];
    const largest = values.indexOf(Math.max(...values));
    assert.equal(cells[largest].getAttribute('fill'), up.at(-1));
    const smallest = values.indexOf(Math.min(...values));
    assert.equal(cells[smallest].getAttribute('fill'), down[0]);
  });

  test('the legend’s numbers are round steps around zero', () => {
    const explanation = historyExplanation(3);
    explanation.values = [[0.8137, -0.4172, 0.0931]];
    const numbers = legendNumbers(historyTimeline(explanation, { document }));
    assert.deepEqual(numbers, ['-0.5', '-0.25', '0', '0.25', '0.5']);
    // Over many scales: at most two significant digits, evenly spaced, symmetric, and the
    // largest value lies in the darkest step.
    const random = seededRandom(5);
    for (let trial = 0; trial < 200; trial++) {
      const extent = 10 ** (random() * 8 - 5) * (1 + random());
      const steps = divergingSteps(extent);
      const texts = steps.thresholds.map(steps.format);
      for (const text of texts) {
        const digits = text.replace(/^-/, '').replace('.', '').replace(/^0+/, '');
        assert.ok(digits.replace(/0+$/, '').length <= 2, `${text} for extent ${extent}`);
      }
      assert.equal(texts[2], '0');
      assert.deepEqual(
        steps.thresholds.slice(0, 2).map(Math.abs),
        steps.thresholds.slice(3).reverse(),
      );
      assert.ok(steps.thresholds[4] <= extent && steps.thresholds[3] * 4 > extent, `${extent}`);
      assert.equal(steps.colorOf(extent), contributionColor.up.at(-1));
    }
    assert.equal(roundStep(0.3), 0.25);
    assert.equal(roundStep(7), 5);
    assert.equal(roundStep(0.001), 0.001);
  });

  test('items of a group share its value and say so', () => {
    const players = [[0, 1], [2], [3, 4, 5]];
    const explanation = historyExplanation(6, {
      players,
      names: ['session 1', 'session 2', 'session 3'],
    });
    const itemNames = ['Heat (1995)', 'Ronin (1998)', 'Alien (1979)', 'Up (2009)', 'Big (1988)'];
    itemNames.push('Jaws (1975)');
    const items = historyItems(explanation, { itemNames });
    assert.deepEqual(
      items.map((item) => item.value),
      [0, 0, 1, 2, 2, 2].map((p) => explanation.values[0][p]),
    );
    const chart = historyTimeline(explanation, { document, itemNames });
    const cells = cellsOf(chart);
    assert.equal(cells.length, 6);
    for (const group of players) {
      const fills = new Set(group.map((i) => cells[i].getAttribute('fill')));
      assert.equal(fills.size, 1, `group ${group} shares one colour`);
    }
    assert.match(titleOf(cells[0]), /^Heat \(1995\)\n/);
    assert.match(titleOf(cells[0]), /its group “session 1” \(2 items share it\)/);
    assert.doesNotMatch(titleOf(cells[2]), /group/, 'a one-item player is no group');
    assert.match(chart.querySelector('figcaption').textContent, /share the group's value/);
    // Without item names, a group's items are named by their ids.
    assert.equal(historyItems(explanation)[0].name, 'item 100');
  });

  test('standard errors appear in the tooltip only when non-zero', () => {
    const explanation = historyExplanation(3, { errors: [0.0512, 0, 0.3] });
    const titles = cellsOf(historyTimeline(explanation, { document })).map(titleOf);
    assert.match(titles[0], / ± 0\.051$/m);
    assert.doesNotMatch(titles[1], /±/);
    assert.match(titles[2], / ± 0\.3$/m);
  });

  test('names are labels that never overlap; cut ones keep the full name', () => {
    const names = Array.from(
      { length: 200 },
      (_, i) => `A film title that goes on and on and on and on, ${i}`,
    );
    const chart = historyTimeline(historyExplanation(200, { names }), { document, width: 390 });
    const labels = itemLabels(chart).sort((a, b) => a.x - b.x);
    assert.ok(labels.length >= 10, `${labels.length} labels`);
    labels.slice(1).forEach((label, i) => {
      assert.ok(label.x - labels[i].x >= 13, `labels ${label.x} and ${labels[i].x} overlap`);
    });
    for (const label of labels) {
      assert.ok(label.shown.endsWith('…'), label.shown);
      assert.ok(names.includes(label.title), 'the full name in a <title>');
      assert.ok(label.title.startsWith(label.shown.slice(0, -1)));
    }
    // The largest contribution keeps its label.
    const magnitudes = historyExplanation(200, { names }).values[0].map(Math.abs);
    const top = names[magnitudes.indexOf(Math.max(...magnitudes))];
    assert.ok(labels.some((label) => label.title === top));
    // Few short names: every item is labelled, uncut.
    const few = historyTimeline(historyExplanation(4), { document, width: 390 });
    assert.deepEqual(
      itemLabels(few).map((label) => label.shown),
      ['Film 0 (1990)', 'Film 1 (1991)', 'Film 2 (1992)', 'Film 3 (1993)'],
    );
  });

  test('a hostile title is drawn as text, never as markup', () => {
    const names = [hostile, 'Heat (1995)', `${hostile}${'x'.repeat(60)}`];
    const chart = historyTimeline(historyExplanation(3, { names }), { document });
    assert.equal(chart.querySelectorAll('img').length, 0);
    assert.ok(itemLabels(chart).some((label) => label.shown === hostile));
    assert.ok(titleOf(cellsOf(chart)[0]).startsWith(hostile));
    const exported = svgText(chart);
    assert.ok(!exported.includes('<img'), 'escaped in the export');
    assert.ok(exported.includes('&lt;img src=x onerror=alert(1)&gt;'));
  });

  test('an explanation that is not a history explanation is refused with a message', () => {
    const tabular = { method: 'exact', feature_names: ['a'], values: [[1]], model_output: [1] };
    assert.throws(
      () => historyTimeline(tabular, { document }),
      /no history row 0 \(method "exact"\)/,
    );
    const empty = historyExplanation(1);
    empty.history = [[]];
    empty.values = [[]];
    assert.throws(() => historyTimeline(empty, { document }), /the history is empty/);
  });
});

describe('attention heatmap', () => {
  const explanation = withAttention(historyExplanation(8));
  const raw = explanation.attention[0].raw;

  test('a layer’s mean over heads: one cell per pair, rows attending', () => {
    const chart = attentionHeatmap(explanation, { document, layer: 1 });
    const cells = cellsOf(chart);
    assert.equal(cells.length, 64);
    const mean = attentionMatrix(explanation.attention[0], 1, 'mean', 8);
    assert.ok(Math.abs(mean[5][2] - (raw[1][0][5][2] + raw[1][1][5][2]) / 2) < 1e-12);
    const names = explanation.feature_names[0];
    const cell = cells[5 * 8 + 2];
    assert.equal(titleOf(cell), `${names[5]} → ${names[2]}: ${mean[5][2].toFixed(3)}`);
    // Causal attention: an item attends to none after it, drawn in the lightest step.
    const lightest = cells[2 * 8 + 5].getAttribute('fill');
    assert.equal(cells[0 * 8 + 7].getAttribute('fill'), lightest);
    assert.match(chart.querySelector('figcaption').textContent, /Layer 2, mean over heads/);
  });

  test('one head, and a window left-padded to more positions than the history', () => {
    const head = attentionMatrix(explanation.attention[0], 0, 1, 8);
    assert.deepEqual(head, raw[0][1]);
    const padded = structuredClone(explanation);
    padded.attention[0].raw = raw.map((layer) =>
      layer.map((m) => [Array(10).fill(0), Array(10).fill(0), ...m.map((line) => [0, 0, ...line])]),
    );
    assert.deepEqual(attentionMatrix(padded.attention[0], 0, 1, 8), raw[0][1]);
    const chart = attentionHeatmap(padded, { document, layer: 0, head: 1 });
    assert.equal(cellsOf(chart).length, 64);
    assert.match(chart.querySelector('figcaption').textContent, /Layer 1, head 2/);
  });

  test('rollout: a strip of rollout and flow over the history', () => {
    const chart = attentionHeatmap(explanation, { document });
    const cells = cellsOf(chart);
    assert.equal(cells.length, 2 * 8);
    const { rollout, flow } = explanation.attention[0];
    assert.ok(titleOf(cells[3]).endsWith(`Attention rollout: ${rollout[3].toFixed(3)}`));
    assert.ok(titleOf(cells[8 + 3]).endsWith(`Attention flow: ${flow[3].toFixed(3)}`));
    const texts = [...plotOf(chart).querySelectorAll('text')].map((t) => t.textContent);
    assert.ok(texts.includes('Attention rollout') && texts.includes('Attention flow'));
  });

  test('legend numbers are round steps from zero', () => {
    for (const layer of ['rollout', 0, 1]) {
      const numbers = legendNumbers(attentionHeatmap(explanation, { document, layer }));
      assert.ok(numbers.length >= 2, `${layer}: ${numbers}`);
      const values = numbers.map(Number);
      const step = values[0];
      values.forEach((v, i) => assert.ok(Math.abs(v - step * (i + 1)) < 1e-9, `${numbers}`));
      assert.equal(roundStep(step), step);
    }
    assert.deepEqual(sequentialSteps(1).thresholds, [0.25, 0.5, 0.75]);
    assert.deepEqual(sequentialSteps(0.3).thresholds, [0.05, 0.1, 0.15, 0.2, 0.25]);
  });

  test('200 items fit in 390 px with non-overlapping labels', () => {
    const big = withAttention(historyExplanation(200), { layers: 1, heads: 1 });
    for (const layer of ['rollout', 0]) {
      const chart = attentionHeatmap(big, { document, layer, width: 390 });
      assert.ok(Number(plotOf(chart).getAttribute('width')) <= 390, `layer ${layer}`);
      const xs = itemLabels(chart)
        .map((label) => label.x)
        .sort((a, b) => a - b);
      xs.slice(1).forEach((x, i) => assert.ok(x - xs[i] >= 13, `labels overlap at ${x}`));
    }
  });

  test('hostile names stay text; bad layers, heads and explanations are named', () => {
    const evil = withAttention(historyExplanation(3, { names: [hostile, 'b', 'c'] }));
    for (const layer of ['rollout', 0]) {
      const chart = attentionHeatmap(evil, { document, layer });
      assert.equal(chart.querySelectorAll('img').length, 0);
      assert.ok(chart.textContent.includes(hostile));
      assert.ok(!svgText(chart).includes('<img'));
    }
    assert.throws(
      () => attentionHeatmap(explanation, { document, layer: 2 }),
      /no attention layer 2: the explanation has layers 0 to 1 and 'rollout'/,
    );
    assert.throws(
      () => attentionHeatmap(explanation, { document, layer: 0, head: 2 }),
      /no attention head 2: layer 0 has heads 0 to 1/,
    );
    assert.throws(
      () => attentionHeatmap(historyExplanation(3), { document }),
      /no "attention" \(method "kernel"\): explain with method 'attention'/,
    );
  });
});
