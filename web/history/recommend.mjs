// Top-k recommendations of a history model, the items each history already holds left out.
import { historyItems, topItems } from './history-request.mjs';

/** A recommend request's histories (item ids each) and k, checked. */
export function recommendRequest(request) {
  const histories = request.histories ?? (request.history ? [request.history] : undefined);
  if (!Array.isArray(histories) || histories.length === 0) {
    throw new Error('`histories` must be a non-empty array of histories (arrays of item ids)');
  }
  const k = request.k ?? 10;
  if (!Number.isInteger(k) || k < 1) throw new Error(`\`k\` must be an integer >= 1, got ${k}`);
  return { lists: histories.map((h, i) => historyItems(h, `history ${i}`)), k };
}

export async function recommend({ core, model, request }) {
  const { lists, k } = recommendRequest(request);
  const layout = model.layout(request);
  const { history_length: length, pad_id: padId } = layout;
  const config = JSON.stringify({ ...layout, num_items: await model.itemCount(length, padId) });
  const ids = new Int32Array(lists.length * length);
  lists.forEach((items, i) => {
    try {
      ids.set(core.historyInput(config, items), i * length);
    } catch (error) {
      throw new Error(`history ${i}: ${error.message}`);
    }
  });
  const { values, perRow } = await model.scores(ids, lists.length);
  return lists.map((items, i) =>
    topItems(values.subarray(i * perRow, (i + 1) * perRow), k, items, padId ?? 0),
  );
}
