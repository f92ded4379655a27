// "Because you watched Heat and Ronin": the reason for a recommendation from a history
// explanation (explainHistory's JSON, one entry per history in every field). The rules:
//
//   1. Candidates are the players (history items, or groups) whose contribution is positive and
//      at least `minShare` (5%) of the largest contribution in absolute value: smaller ones are
//      within the noise of a sampled estimate and explain nothing.
//   2. The named players are the fewest of the largest candidates, 1 to `maxItems` (3), that
//      together carry at least `coverage` (half) of the positive mass (the sum of all positive
//      contributions); when even `maxItems` do not, the sentence says how many candidates are
//      left out: "Because you watched A, B, C and 4 more".
//   3. With no candidate, no history item raised the score, and saying "because you watched"
//      anything would be false: the sentence is `fallback`, a plain statement of that (null to
//      show nothing).
//
// counterfactualLine words a counterfactual history the same way: "You'd see other picks if you
// hadn't watched Heat", only for a set of one or two items that was found.
//
// Names are data, never markup: `parts` keeps each name apart so that pages emphasise it with an
// element whose textContent is the name.

const defaultFallback = 'No item in your history made this a stronger match';

/**
 * { sign: 'positive' | 'none', text, parts: [{ text, name? }], items: [{ player, name, value }],
 * share (the named players' part of the positive mass), more (candidates not named) }.
 */
export function historyReasons(
  explanation,
  {
    row = 0,
    verb = 'watched',
    maxItems = 3,
    coverage = 0.5,
    minShare = 0.05,
    fallback = defaultFallback,
  } = {},
) {
  const values = explanation.values?.[row];
  if (!Array.isArray(values)) throw new Error(`the explanation has no history row ${row}`);
  const names = explanation.feature_names?.[row] ?? [];
  const players = values.map((value, player) => ({
    player,
    name: String(names[player] ?? `item ${explanation.history?.[row]?.[player]}`),
    value: Array.isArray(value) ? value[0] : value,
  }));
  const largest = Math.max(...players.map((p) => Math.abs(p.value)), 0);
  const positiveMass = players.reduce((sum, p) => sum + Math.max(0, p.value), 0);
  const candidates = players
    .filter((p) => p.value > 0 && p.value >= minShare * largest)
    .sort((a, b) => b.value - a.value);
  if (candidates.length === 0) {
    return {
      sign: 'none',
      text: fallback,
      parts: fallback === null ? [] : [{ text: fallback }],
      items: [],
      share: 0,
      more: 0,
    };
  }
  const limit = Math.max(1, Math.min(maxItems, candidates.length));
  let count = 1;
  while (count < limit && carried(candidates, count) < coverage * positiveMass) count++;
  const items = candidates.slice(0, count);
  const share = carried(candidates, count) / positiveMass;
  const more = share < coverage ? candidates.length - count : 0;
  const parts = [{ text: `Because you ${verb} ` }, ...listParts(items, more)];
  return {
    sign: 'positive',
    text: parts.map((part) => part.text).join(''),
    parts,
    items,
    share,
    more,
  };
}

/** The parts as DOM nodes: names in <em> elements, all of it as text. */
export function reasonNodes(parts, document = globalThis.document) {
  return parts.map((part) => {
    if (part.name === undefined) return document.createTextNode(part.text);
    const name = document.createElement('em');
    name.textContent = part.text;
    return name;
  });
}

function carried(candidates, count) {
  return candidates.slice(0, count).reduce((sum, p) => sum + p.value, 0);
}

// "A", "A and B", "A, B and C", "A, B and 4 more".
function listParts(items, more) {
  const names = items.map((item) => item.name);
  return namedList(more > 0 ? [...names, { text: `${more} more` }] : names);
}

/**
 * Parts naming each of `names` ("A", "A and B", "A, B and C"); an entry that is already a part
 * ({ text }, such as "4 more") is listed as it is, not as a name.
 */
export function namedList(names) {
  const entries = names.map((name) => (typeof name === 'string' ? { text: name, name } : name));
  return entries.flatMap((entry, i) => {
    const separator = i === 0 ? null : i === entries.length - 1 ? ' and ' : ', ';
    return separator ? [{ text: separator }, entry] : [entry];
  });
}

/**
 * "You'd see other picks if you hadn't watched Heat": the line for a counterfactual history
 * (explainHistory's JSON with method 'counterfactual', removal), or null when it has nothing
 * true and short to say: no set was found, or the set has more than `maxItems` items.
 * { text, parts, items: [{ player, name }] }.
 */
export function counterfactualLine(
  counterfactual,
  { row = 0, verb = 'watched', maxItems = 2 } = {},
) {
  if (counterfactual.found?.[row] !== true) return null;
  const players = counterfactual.edited_players?.[row] ?? [];
  if (players.length === 0 || players.length > maxItems) return null;
  // One name per removed player (an item, or a group of them).
  const names = counterfactual.edited_names?.[row] ?? [];
  const items = players.map((player, i) => ({
    player,
    name: String(names[i] ?? counterfactual.feature_names?.[row]?.[player] ?? `player ${player}`),
  }));
  const parts = [
    { text: `You'd see other picks if you hadn't ${verb} ` },
    ...namedList(items.map((item) => item.name)),
  ];
  return { text: parts.map((part) => part.text).join(''), parts, items };
}
