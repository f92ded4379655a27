// The History tab's counterfactual card: "Remove Heat and Ronin and the top pick becomes X",
// from explainHistory's JSON with method 'counterfactual' (removal) for the shown history: the
// items removed, what the model recommends then, the rank the explained item falls to, the model
// calls, and whether no smaller set works (proved) or that was not checked. Names are text.
import { namedList, reasonNodes } from '../widget/history-reasons.mjs';
import { formats } from '../page-helpers.mjs';
import { showStat } from './history-view.mjs';

const $ = (id) => document.getElementById(id);
const { count } = formats;
const minimality = {
  proved: 'Proved: no smaller set works',
  'not proved': 'Not proved: a smaller set may work',
};

/** counterfactual: the JSON (one history); label(id): what the page calls an item. */
export function showCounterfactual(counterfactual, label) {
  const found = counterfactual.found[0];
  const target = counterfactual.target[0];
  const { k, budget } = counterfactual.settings;
  const box = $('history-counterfactual');
  box.dataset.found = String(found);
  box.dataset.target = String(target);
  box.dataset.k = String(k);
  $('history-counterfactual-sentence').replaceChildren(
    ...reasonNodes(sentence(counterfactual, label)),
  );
  $('history-counterfactual-rank-title').textContent = `Rank of ${label(target)}`;
  const [before, after] = [counterfactual.rank_before[0], counterfactual.rank_after[0]];
  showStat('history-counterfactual-rank', after, found ? `${before} → ${after}` : String(before));
  const calls = counterfactual.model_calls[0];
  showStat(
    'history-counterfactual-calls',
    calls,
    `${count.format(calls)}${counterfactual.budget_spent[0] ? ` (all of ${budget})` : ''}`,
  );
  const minimal = counterfactual.minimal[0];
  showStat('history-counterfactual-minimal', minimal, minimality[minimal] ?? '—');
  const top = counterfactual.top_k_after[0] ?? [];
  $('history-counterfactual-after').hidden = !found;
  $('history-counterfactual-top-title').textContent =
    k === 1 ? 'The top pick after the removal' : `The top ${k} after the removal`;
  $('history-counterfactual-top').replaceChildren(
    ...top.map((id) => {
      const li = document.createElement('li');
      li.dataset.item = String(id);
      li.textContent = label(id);
      return li;
    }),
  );
  box.hidden = false;
}

export function hideCounterfactual() {
  $('history-counterfactual').hidden = true;
}

// The card's sentence as parts, names apart (shown in <em>).
function sentence(counterfactual, label) {
  const target = { text: label(counterfactual.target[0]), name: '' };
  const { k, budget } = counterfactual.settings;
  const top = k === 1 ? 'the top pick' : `the top ${k}`;
  if (!counterfactual.found[0]) {
    const within = counterfactual.budget_spent[0]
      ? `No removal found within ${count.format(budget)} model calls takes `
      : 'No removal of items from this history takes ';
    return [{ text: within }, target, { text: ` out of ${top}.` }];
  }
  const removed = namedList(counterfactual.edited_items[0].map(label));
  const after = counterfactual.top_k_after[0];
  const outcome =
    k === 1
      ? [{ text: ' and the top pick becomes ' }, { text: label(after[0]), name: '' }]
      : [
          { text: ' and ' },
          target,
          { text: ` leaves the top ${k}, falling to rank ${counterfactual.rank_after[0]}` },
        ];
  return [{ text: 'Remove ' }, ...removed, ...outcome, { text: '.' }];
}
