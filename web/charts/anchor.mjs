// Anchor rule card: the rule (conditions that, while they hold, keep the model's decision with
// high probability), then its precision (how often the decision holds under the rule, with its
// lower confidence bound when known) and coverage (share of rows the rule applies to) as bars on
// [0, 1].
import { format, pick, scalarAt } from './explanation-data.mjs';
import { finish } from './finish.mjs';
import { shorten } from './fit.mjs';
import { Plot } from './plot.mjs';
import { colors, frame } from './theme.mjs';

/**
 * Reads, per row: anchor (the rule as one string, "a > 1 AND b <= 2"; `rule` is read too, also
 * as an array of conditions), conditions (when they are { feature, op, value } objects),
 * precision, precision_lower_bound, coverage, anchor_found, prediction. options: row, width.
 */
export function anchor(explanation, options = {}) {
  const { row = 0, outputIndex = 0 } = options;
  const rule = (explanation.anchor ?? explanation.rule)?.[row];
  if (rule === undefined) {
    throw new Error(`the explanation has no "anchor" rule (method "${explanation.method}")`);
  }
  const conditions = conditionsOf(explanation.conditions?.[row], rule);
  const prediction = explanation.prediction?.[row];
  const outcome =
    prediction !== undefined
      ? `THEN the model's decision stays ${format.value(pick(prediction, outputIndex))}`
      : `THEN the prediction stays near ${format.fixed(scalarAt(explanation, 'model_output', row, outputIndex))}`;
  // Lines of 14 px text (about 8 px a character) fit the width: a condition too long is cut
  // (keeping its tooltip), the outcome wraps onto further lines.
  const chars = Math.floor(((options.width || 520) - 20) / 8);
  const ifLines = conditions.length
    ? conditions.map((condition, i) => `${i === 0 ? 'IF' : 'AND'}  ${condition}`)
    : ['IF  (any values)'];
  const thenLine =
    explanation.anchor_found?.[row] === false
      ? `${outcome}, but less reliably than asked for`
      : outcome;
  const lines = [
    ...ifLines.map((text) => ({
      text: shorten(text, chars),
      full: text,
      strong: conditions.length > 0,
    })),
    ...wrap(thenLine, chars).map((text) => ({ text, full: text, strong: false })),
  ];
  const lowerBound = explanation.precision_lower_bound?.[row];
  const measures = [
    {
      name: 'Precision',
      value: scalarAt(explanation, 'precision', row),
      text: (v) =>
        format.percent(v) +
        (typeof lowerBound === 'number' ? ` (≥ ${format.percent(lowerBound)})` : ''),
    },
    { name: 'Coverage', value: scalarAt(explanation, 'coverage', row), text: format.percent },
  ];
  const lineHeight = 20;
  const chart = Plot.plot({
    ...frame(options, 520),
    height: lines.length * lineHeight + 120,
    marginTop: lines.length * lineHeight + 24,
    marginLeft: 90,
    marginRight: 110,
    x: { domain: [0, 1], label: null, tickFormat: '.0%', grid: true },
    y: { domain: measures.map((m) => m.name), label: null, tickSize: 0, padding: 0.3 },
    marks: [
      Plot.frame({ anchor: 'left', stroke: colors.rule }),
      ...lines.map((line, i) =>
        Plot.text([line], {
          text: 'text',
          title: line.text === line.full ? undefined : 'full',
          frameAnchor: 'top-left',
          dx: -80,
          dy: -(lines.length - i) * lineHeight - 6,
          fontSize: 14,
          fontWeight: line.strong ? 600 : 400,
          fill: line.strong ? colors.ink : colors.muted,
        }),
      ),
      Plot.barX(measures, { x: 'value', y: 'name', fill: colors.down, rx: 2 }),
      Plot.text(measures, {
        x: 'value',
        y: 'name',
        text: (m) => m.text(m.value),
        dx: 6,
        textAnchor: 'start',
      }),
    ],
  });
  return finish(chart, options, {
    title: `Anchor rule of row ${row}`,
    description:
      `${[...ifLines, thenLine].join(' ')}. ` +
      measures.map((m) => `${m.name} ${m.text(m.value)}`).join('; ') +
      '.',
  });
}

// Text broken at spaces into lines of at most `chars` characters (a longer word stands alone).
function wrap(text, chars) {
  const lines = [];
  for (const word of text.split(' ')) {
    const last = lines.length ? lines[lines.length - 1] : null;
    if (last !== null && last.length + 1 + word.length <= chars)
      lines[lines.length - 1] += ` ${word}`;
    else lines.push(word);
  }
  return lines;
}

// Conditions as text: the core's { feature, op, value } objects, else the rule's own parts.
function conditionsOf(structured, rule) {
  if (Array.isArray(structured) && structured.every((c) => c && typeof c === 'object')) {
    return structured.map((c) => `${c.feature} ${c.op} ${format.value(c.value)}`);
  }
  if (Array.isArray(rule)) return rule.map(String);
  return String(rule)
    .split(' AND ')
    .map((part) => part.trim())
    .filter(Boolean);
}
