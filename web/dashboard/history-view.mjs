// The History tab's results: the numbers, the history as a timeline, the values table, the
// faithfulness of the explanation and the attention heatmap with its layer and head choices.
// Charts take the width their boxes have and are redrawn when it changes.
import { attentionHeatmap } from '../charts/attention-map.mjs';
import { curves } from '../charts/curves.mjs';
import { historyItems } from '../charts/history-data.mjs';
import { historyTimeline } from '../charts/history-timeline.mjs';
import { isSampled, methodTitles } from './history-form.mjs';
import { formats } from '../page-helpers.mjs';

const $ = (id) => document.getElementById(id);
const { fixed, signed, standardError, count } = formats;
// What each method's values are, for the line under the title.
const meanings = {
  shapley: (base) =>
    `Shapley values: each item's share of the change from ${base} to the whole history; ` +
    'they add up to it.',
  occlusion: () =>
    'Leave one out: how much the output falls when only that item is taken away. These need ' +
    'not add up to the change from the empty history.',
  integrated_gradients: () =>
    "Integrated gradients over the items' embeddings, from all-zero embeddings; the sum is off " +
    'by the completeness error.',
  attention: () =>
    'Attention rollout: how much the position the recommendation is read from draws on each ' +
    'item. It shows where the model looked, not what raised the score.',
};
const attentionLabel = 'attention rollout (a share, not a contribution)';

// What is drawn, for redrawing at a new width: the result and the attention explanation.
let shown = null;
let attention = null;

/**
 * result: { explanation, itemNames (or undefined), titles (one per history item, or null),
 * heading, absence, elapsed (ms) }.
 */
export function showResult(result) {
  shown = result;
  attention = null;
  const { explanation, heading, absence, elapsed } = result;
  const method = explanation.method;
  const [output, base] = [explanation.model_output[0], explanation.base_value[0]];
  const values = explanation.values[0];
  const sum = values.reduce((total, value) => total + value, 0);
  const faithfulness = explanation.faithfulness?.[0];
  $('history-results-title').textContent = heading;
  const empty = absence === 'masking' ? 'the all-masked history' : 'the empty history';
  const meaning = meanings[method] ?? meanings.shapley;
  $('history-subtitle').textContent =
    `${meaning(empty)} Explained output: ${explanation.output ?? 'score'}.`;
  showStat('history-stat-method', method, methodTitles[method] ?? method);
  showStat('history-stat-output', output, fixed.format(output));
  showStat('history-stat-base', base, typeof base === 'number' ? fixed.format(base) : '—');
  const completeness = explanation.completeness_error?.[0];
  showStat(
    'history-stat-sum',
    sum,
    method === 'attention'
      ? '—'
      : signed.format(sum) +
          (typeof completeness === 'number' ? ` (off by ${fixed.format(completeness)})` : ''),
  );
  const curveCalls = faithfulness ? ` + ${count.format(faithfulness.evaluations)} (curves)` : '';
  showStat(
    'history-stat-calls',
    explanation.evaluations,
    count.format(explanation.evaluations) + curveCalls,
  );
  showStat('history-stat-time', elapsed, `${Math.round(elapsed)} ms`);
  $('history-timeline-title').textContent =
    method === 'attention'
      ? 'Attention rollout over the items, oldest to newest'
      : "Each item's contribution, oldest to newest";
  showValues(result);
  showFaithfulness(faithfulness);
  $('history-results').hidden = false;
  if (method === 'attention') showAttention(explanation);
  else {
    $('history-attention-box').hidden = true;
    $('history-attention-read').hidden = false;
  }
  redraw();
}

/** An explanation with method 'attention' of the shown history: its layers and heads. */
export function showAttention(explanation) {
  attention = explanation;
  const raw = explanation.attention[0].raw ?? [];
  const choose = (select, first, size, name) => {
    const kept = select.value;
    select.replaceChildren(
      first,
      ...Array.from({ length: size }, (_, i) => new Option(`${name} ${i + 1}`, String(i))),
    );
    select.value = [...select.options].some((option) => option.value === kept) ? kept : first.value;
  };
  choose($('history-layer'), new Option('Rollout (all layers)', 'rollout'), raw.length, 'Layer');
  choose($('history-head'), new Option('Mean over heads', 'mean'), raw[0]?.length ?? 0, 'Head');
  $('history-attention-read').hidden = true;
  $('history-attention-box').hidden = false;
  drawAttention();
}

/** The charts again, at their boxes' widths (none while the tab is hidden). */
export function redraw() {
  if (!shown || $('history-timeline').clientWidth === 0) return;
  const { explanation, itemNames } = shown;
  const faithfulness = explanation.faithfulness?.[0];
  $('history-timeline').replaceChildren(
    historyTimeline(explanation, {
      itemNames,
      width: $('history-timeline').clientWidth,
      ...(explanation.method === 'attention' ? { valueLabel: attentionLabel } : {}),
    }),
  );
  $('history-curves').replaceChildren(
    ...(faithfulness
      ? [
          curves(
            { deletion: [faithfulness.deletion], insertion: [faithfulness.insertion] },
            {
              width: $('history-curves').clientWidth,
              axisLabel: `↑ ${explanation.output ?? 'score'}`,
            },
          ),
        ]
      : []),
  );
  drawAttention();
}

export function drawAttention() {
  if (!attention || !shown) return;
  const layer =
    $('history-layer').value === 'rollout' ? 'rollout' : Number($('history-layer').value);
  $('history-head').disabled = layer === 'rollout';
  const head = $('history-head').value === 'mean' ? 'mean' : Number($('history-head').value);
  $('history-attention').replaceChildren(
    attentionHeatmap(attention, {
      layer,
      head,
      itemNames: shown.itemNames,
      width: $('history-attention').clientWidth,
    }),
  );
}

function showValues({ explanation, itemNames, titles }) {
  const items = historyItems(explanation, { itemNames });
  const ranked = [...items].sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  $('history-values').tBodies[0].replaceChildren(
    ...ranked.map((item) => {
      const tr = document.createElement('tr');
      tr.dataset.item = String(item.id);
      tr.dataset.position = String(item.position);
      tr.dataset.value = String(item.value);
      tr.dataset.stdError = String(item.stdError);
      tr.append(
        cell('number', String(item.position + 1)),
        cell('number', String(item.id)),
        cell('', titles?.[item.position] ?? '—'),
        cell(item.value >= 0 ? 'number up' : 'number down', signed.format(item.value)),
        cell('number', stdErrorText(item.stdError, explanation.method)),
      );
      return tr;
    }),
  );
}

// A standard error of 0 is exact for exact Shapley; other methods without sampling have none.
function stdErrorText(stdError, method) {
  if (stdError !== 0 || isSampled(method)) return `± ${standardError.format(stdError)}`;
  return method === 'exact' ? '0 (exact)' : '—';
}

function showFaithfulness(faithfulness) {
  $('history-faithfulness-box').hidden = !faithfulness;
  if (!faithfulness) return;
  for (const name of ['comprehensiveness', 'sufficiency']) {
    const cells = $(`history-${name}`).querySelectorAll('td');
    ['1', '3', '5'].forEach((k, i) => {
      const value = faithfulness[name]?.[k];
      cells[i].textContent = typeof value === 'number' ? fixed.format(value) : '—';
    });
  }
  for (const name of ['deletion_area', 'insertion_area']) {
    const value = faithfulness[name];
    const id = `history-${name.replace('_', '-')}`;
    showStat(id, value, typeof value === 'number' ? fixed.format(value) : '—');
  }
}

/** Shows `text` in the element `id`, and the number it stands for in its data-value. */
export function showStat(id, value, text) {
  $(id).textContent = text;
  $(id).dataset.value = String(value);
}

function cell(className, text) {
  const td = document.createElement('td');
  td.className = className;
  td.textContent = text;
  return td;
}
