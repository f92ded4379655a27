// Drawing one history explanation on the MovieLens page: the reason sentence, the numbers, the
// timeline, the faithfulness of the explanation, and the attention heatmap with its layer and
// head choices.
import { attentionHeatmap } from '../charts/attention-map.mjs';
import { curves } from '../charts/curves.mjs';
import { historyTimeline } from '../charts/history-timeline.mjs';
import { historyReasons, reasonNodes } from '../widget/history-reasons.mjs';

const $ = (id) => document.getElementById(id);
const fixed = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 3,
  maximumFractionDigits: 3,
});
const count = new Intl.NumberFormat('en-US');

// The attention explanation the layer and head choices redraw.
let attention = null;

$('layer').addEventListener('change', drawAttention);
$('head').addEventListener('change', drawAttention);

/** The explanation of one recommendation; `elapsed` in milliseconds. */
export function showExplanation(explanation, { itemNames, elapsed }) {
  const isAttention = explanation.method === 'attention';
  $('results').dataset.method = explanation.method;
  $('reason').replaceChildren(
    ...(isAttention
      ? [
          'Attention shows where the model looked, not what raised the score: pick a Shapley ' +
            'method for the reasons.',
        ]
      : reasonNodes(historyReasons(explanation).parts)),
  );
  const [output, base] = [explanation.model_output[0], explanation.base_value[0]];
  showStat('model-output', output, fixed.format(output));
  // Attention has no base value: it reads the model once, on the whole history.
  showStat('base-value', base, typeof base === 'number' ? fixed.format(base) : '—');
  showStat('evaluations', explanation.evaluations, count.format(explanation.evaluations));
  showStat('elapsed', elapsed, `${Math.round(elapsed)} ms`);
  $('timeline-title').textContent = isAttention
    ? 'Attention rollout over the films, oldest to newest'
    : 'What each film did to the score, oldest to newest';
  $('timeline').replaceChildren(
    historyTimeline(explanation, {
      itemNames,
      width: $('timeline').clientWidth,
      ...(isAttention ? { valueLabel: 'attention rollout (a share, not a contribution)' } : {}),
    }),
  );
  showFaithfulness(explanation.faithfulness?.[0], explanation.output);
}

/** An explanation with method 'attention': its layers and heads fill the choices. */
export function showAttention(explanation, { itemNames }) {
  attention = { explanation, itemNames };
  const raw = explanation.attention[0].raw ?? [];
  const choice = (select, first, count, name) => {
    const kept = select.value;
    select.replaceChildren(
      first,
      ...Array.from({ length: count }, (_, i) => new Option(`${name} ${i + 1}`, String(i))),
    );
    select.value = [...select.options].some((option) => option.value === kept) ? kept : first.value;
  };
  choice($('layer'), new Option('Rollout over all layers', 'rollout'), raw.length, 'Layer');
  choice($('head'), new Option('Mean over heads', 'mean'), raw[0]?.length ?? 0, 'Head');
  drawAttention();
}

function drawAttention() {
  if (!attention) return;
  const layer = $('layer').value === 'rollout' ? 'rollout' : Number($('layer').value);
  $('head').disabled = layer === 'rollout';
  const head = $('head').value === 'mean' ? 'mean' : Number($('head').value);
  $('attention').replaceChildren(
    attentionHeatmap(attention.explanation, {
      layer,
      head,
      itemNames: attention.itemNames,
      width: $('attention').clientWidth,
    }),
  );
}

function showFaithfulness(faithfulness, output) {
  for (const name of ['comprehensiveness', 'sufficiency']) {
    const cells = $(name).querySelectorAll('td');
    ['1', '3', '5'].forEach((k, i) => {
      const value = faithfulness?.[name]?.[k];
      cells[i].textContent = typeof value === 'number' ? fixed.format(value) : '—';
    });
  }
  for (const name of ['deletion_area', 'insertion_area']) {
    const value = faithfulness?.[name];
    const text = typeof value === 'number' ? fixed.format(value) : '—';
    showStat(name.replace('_', '-'), value, text);
  }
  const hasCurves = Array.isArray(faithfulness?.deletion) && Array.isArray(faithfulness?.insertion);
  $('curves').replaceChildren(
    ...(hasCurves
      ? [
          curves(
            { deletion: [faithfulness.deletion], insertion: [faithfulness.insertion] },
            { width: $('curves').clientWidth, axisLabel: `↑ ${output ?? 'score'}` },
          ),
        ]
      : []),
  );
}

function showStat(id, value, text) {
  $(id).textContent = text;
  $(id).dataset.value = String(value);
}
