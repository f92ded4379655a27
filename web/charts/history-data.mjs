// Reading a history explanation (explainHistory's JSON): like the tabular JSON, but rows are
// ragged, so every field holds one entry per explained history: feature_names[row] names the
// players, values[row] and std_errors[row] are per player, history[row] lists the item ids
// oldest first, and player_items[row][p] the history positions of player p (a group of items
// is one player: its items share its value).
import { pick } from './explanation-data.mjs';

/**
 * One entry per item of history `row`, oldest first: { position, id, name, value, stdError,
 * player, group, groupSize }. `group` is the player's name when the player holds several items
 * (null otherwise). Names come from options.itemNames (one per history item), else the players'
 * names when every player is one item, else "item <id>".
 */
export function historyItems(explanation, { row = 0, itemNames, outputIndex = 0 } = {}) {
  const history = explanation.history?.[row];
  const values = explanation.values?.[row];
  if (!Array.isArray(history) || !Array.isArray(values)) {
    throw new Error(
      `the explanation has no history row ${row} (method "${explanation.method}"): ` +
        'history charts read explainHistory() results',
    );
  }
  const names = explanation.feature_names?.[row] ?? [];
  const errors = explanation.std_errors?.[row] ?? [];
  const players = explanation.player_items?.[row] ?? history.map((_, i) => [i]);
  const playerOf = history.map(() => -1);
  players.forEach((positions, p) => positions.forEach((i) => (playerOf[i] = p)));
  const oneItemEach = players.every((positions) => positions.length === 1);
  return history.map((id, position) => {
    const player = playerOf[position];
    const groupSize = player >= 0 ? players[player].length : 0;
    const fallback = oneItemEach && player >= 0 ? names[player] : `item ${id}`;
    return {
      position,
      id,
      name: String(itemNames?.[position] ?? fallback),
      player,
      group: groupSize > 1 ? String(names[player]) : null,
      groupSize,
      value: player >= 0 ? pick(values[player], outputIndex) : 0,
      stdError: player >= 0 ? (pick(errors[player], outputIndex) ?? 0) : 0,
    };
  });
}

/**
 * Which of `count` evenly spaced labels `spacing` px apart get drawn so that none overlaps the
 * next (each needs `room` px across): the most important first (`priority`, larger first), then
 * the newest. Returns their indices in order.
 */
export function spacedLabels(count, spacing, room, priority = () => 0) {
  const order = Array.from({ length: count }, (_, i) => i).sort(
    (a, b) => priority(b) - priority(a) || b - a,
  );
  const taken = [];
  for (const i of order) {
    if (taken.every((j) => Math.abs(i - j) * spacing >= room)) taken.push(i);
  }
  return taken.sort((a, b) => a - b);
}
