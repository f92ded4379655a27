// "You'd see other picks if you hadn't watched Heat" (web/widget/history-reasons.mjs) from
// hand-made counterfactual histories: one or two removed items are named, in the search's order,
// with the widget's verb; nothing is said when no set was found or it is larger than two; group
// and item names are text parts. And the name lists the widget and the dashboard share.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import { counterfactualLine, namedList, reasonNodes } from '../../web/widget/history-reasons.mjs';

const hostile = '<img src=x onerror=alert(1)>';

// explainHistory's JSON with method 'counterfactual' for one history of four items.
const search = (players, { found = true, names } = {}) => ({
  method: 'counterfactual',
  feature_names: [['Heat (1995)', 'Ronin (1998)', hostile, 'Alien (1979)']],
  history: [[10, 11, 12, 13]],
  found: [found],
  edited_players: [players],
  edited_names: [
    names ?? players.map((p) => ['Heat (1995)', 'Ronin (1998)', hostile, 'Alien (1979)'][p]),
  ],
});

test('one removed item: the line names it', () => {
  const line = counterfactualLine(search([1]));
  assert.equal(line.text, "You'd see other picks if you hadn't watched Ronin (1998)");
  assert.deepEqual(line.items, [{ player: 1, name: 'Ronin (1998)' }]);
  assert.deepEqual(
    line.parts.filter((part) => part.name !== undefined).map((part) => part.text),
    ['Ronin (1998)'],
  );
});

test('two removed items, in the order the search reports, with the verb', () => {
  const line = counterfactualLine(search([3, 0]), { verb: 'bought' });
  assert.equal(
    line.text,
    "You'd see other picks if you hadn't bought Alien (1979) and Heat (1995)",
  );
});

test('nothing to say: no set found, an empty set, or more than two items', () => {
  assert.equal(counterfactualLine(search([], { found: false })), null);
  assert.equal(counterfactualLine(search([])), null);
  assert.equal(counterfactualLine(search([0, 1, 3])), null);
  assert.notEqual(counterfactualLine(search([0, 1, 3]), { maxItems: 3 }), null);
  assert.equal(counterfactualLine({ method: 'kernel', values: [[1]] }), null);
});

test('names without edited_names come from feature_names; HTML-looking names stay text', () => {
  const line = counterfactualLine({ ...search([2]), edited_names: undefined });
  assert.equal(line.items[0].name, hostile);
  const { document } = parseHTML('<!doctype html><html><body><p></p></body></html>');
  const p = document.querySelector('p');
  p.append(...reasonNodes(line.parts, document));
  assert.equal(p.querySelectorAll('img').length, 0);
  assert.equal(p.querySelector('em').textContent, hostile);
});

test('namedList: "A", "A and B", "A, B and C"; parts given as parts are not names', () => {
  const text = (names) =>
    namedList(names)
      .map((part) => part.text)
      .join('');
  assert.equal(text(['A']), 'A');
  assert.equal(text(['A', 'B']), 'A and B');
  assert.equal(text(['A', 'B', 'C']), 'A, B and C');
  const parts = namedList(['A', { text: '4 more' }]);
  assert.equal(parts.map((part) => part.text).join(''), 'A and 4 more');
  assert.deepEqual(
    parts.filter((part) => part.name !== undefined).map((part) => part.name),
    ['A'],
  );
});
