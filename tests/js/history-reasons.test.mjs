// "Because you watched …" (web/widget/history-reasons.mjs) from hand-made history explanations:
// the fewest top items that carry half the positive mass, at most three, "and N more" when they
// do not; an honest statement when no item raised the score; titles as text nodes only. Also the
// widget's items CSV reader and history attribute.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import { historyReason, parseIds } from '../../web/widget/history-mode.mjs';
import { historyReasons, reasonNodes } from '../../web/widget/history-reasons.mjs';
import { parseItemsCsv, readableTitle } from '../../web/widget/items-csv.mjs';

const { document } = parseHTML('<!doctype html><html><body></body></html>');
const hostile = '<img src=x onerror=alert(1)>';

const explanation = (values, names = values.map((_, i) => String.fromCharCode(65 + i))) => ({
  method: 'kernel',
  feature_names: [names],
  values: [values],
  history: [values.map((_, i) => 10 + i)],
});
const text = (values, options) => historyReasons(explanation(values), options).text;

test('one item that carries most of the positive mass is the reason', () => {
  const reason = historyReasons(explanation([0.1, 0.9, -0.3, 0.2]));
  assert.equal(reason.text, 'Because you watched B');
  assert.equal(reason.sign, 'positive');
  assert.deepEqual(
    reason.items.map((item) => [item.player, item.name, item.value]),
    [[1, 'B', 0.9]],
  );
  assert.equal(reason.share, 0.9 / 1.2);
  assert.equal(reason.more, 0);
});

test('the fewest top items that carry half of it, up to three', () => {
  assert.equal(text([1, 0.9, 0.8]), 'Because you watched A and B');
  assert.equal(text([0.2, 0.3, 0.25, 0.2, 0.2, -2]), 'Because you watched B, C and A');
  // Ties keep history order.
  assert.equal(text([0.5, 0.5]), 'Because you watched A');
});

test('when three items carry less than half, the sentence says how many more', () => {
  const tenEqual = Array(10).fill(0.1);
  const reason = historyReasons(explanation(tenEqual));
  assert.equal(reason.text, 'Because you watched A, B, C and 7 more');
  assert.equal(reason.more, 7);
  assert.ok(Math.abs(reason.share - 0.3) < 1e-12);
  assert.equal(text(tenEqual, { maxItems: 1 }), 'Because you watched A and 9 more');
  assert.equal(text(tenEqual, { maxItems: 2 }), 'Because you watched A, B and 8 more');
});

test('contributions within the noise are no reasons, and are not counted as more', () => {
  // 0.01 is under 5% of the largest magnitude (0.5, negative): no candidate.
  const reason = historyReasons(explanation([0.04, 0.03, 0.01, -0.5, 0.03]));
  assert.deepEqual(
    reason.items.map((item) => item.name),
    ['A', 'B'],
  );
  assert.equal(reason.text, 'Because you watched A and B');
  assert.equal(text([0.2, 0.004, 0.2, 0.2], { maxItems: 1 }), 'Because you watched A and 2 more');
});

test('no item raised the score: an honest statement, or nothing', () => {
  const reason = historyReasons(explanation([-0.2, -0.1, 0]));
  assert.equal(reason.sign, 'none');
  assert.equal(reason.text, 'No item in your history made this a stronger match');
  assert.deepEqual(reason.items, []);
  assert.doesNotMatch(reason.text, /because|popular/i);
  const silent = historyReasons(explanation([-0.2]), { fallback: null });
  assert.equal(silent.text, null);
  assert.deepEqual(silent.parts, []);
  // Positive crumbs next to a large negative contribution are noise, not reasons.
  assert.equal(historyReasons(explanation([-1, 0.001])).sign, 'none');
});

test('the verb is configurable', () => {
  assert.equal(text([0.4, 0.1], { verb: 'bought' }), 'Because you bought A');
  assert.equal(text([0.4, 0.1], { verb: 'viewed' }), 'Because you viewed A');
});

test('players that are groups are named by their group', () => {
  const grouped = {
    ...explanation([0.7, 0.2]),
    feature_names: [['session 1', 'session 2']],
    player_items: [
      [
        [0, 1],
        [2, 3],
      ],
    ],
  };
  assert.equal(historyReasons(grouped).text, 'Because you watched session 1');
});

test('titles that look like HTML become text nodes, names emphasised', () => {
  const names = [hostile, 'Heat (1995)', '<b>Ronin</b>'];
  const reason = historyReasons(explanation([0.5, 0.4, 0.3], names));
  assert.equal(reason.text, `Because you watched ${hostile} and Heat (1995)`);
  const paragraph = document.createElement('p');
  paragraph.append(...reasonNodes(reason.parts, document));
  assert.equal(paragraph.querySelectorAll('img').length, 0);
  assert.equal(paragraph.textContent, reason.text);
  assert.deepEqual(
    [...paragraph.querySelectorAll('em')].map((em) => em.textContent),
    [hostile, 'Heat (1995)'],
  );
  assert.ok(paragraph.innerHTML.includes('&lt;img'));
  const three = historyReasons(
    explanation([0.2, 0.2, 0.2, 0.2, 0.2, 0.2], [...names, 'x', 'y', 'z']),
  );
  const more = document.createElement('p');
  more.append(...reasonNodes(three.parts, document));
  assert.equal(more.querySelectorAll('b, img').length, 0);
  assert.equal(more.querySelectorAll('em').length, 3, '"3 more" is not a name');
});

test('the widget’s reason: the sentence, its parts, and the named items’ share', () => {
  const reason = historyReason(explanation([0.6, 0.3, -0.2]), { row: 0, verb: 'watched' });
  assert.equal(reason.text, 'Because you watched A');
  assert.equal(reason.sign, 'positive');
  assert.equal(reason.feature, 'A');
  assert.equal(reason.value, 0.6);
  assert.ok(Math.abs(reason.share - 2 / 3) < 1e-12);
  assert.equal(historyReason(explanation([-1]), { row: 0 }).sign, 'none');
});

test('history attributes: ids with spaces or commas; anything else is refused', () => {
  assert.deepEqual(parseIds('12 45,7 ,  3', 'history'), [12, 45, 7, 3]);
  assert.deepEqual(parseIds('77', 'item'), [77]);
  // Id 0 is an item like any other to the JS API and the CLI.
  assert.deepEqual(parseIds('0 5', 'history'), [0, 5]);
  for (const bad of [
    '',
    '12 x',
    '1.5',
    '-3',
    '9007199254740993',
    '<img>',
    '0x10',
    '1e3',
    '+5',
    '12 3e1',
  ]) {
    assert.throws(() => parseIds(bad, 'history'), /^Error: history=".*": give item ids/);
  }
});

test('items CSV: quoted titles, MovieLens articles and years, hostile titles kept as data', () => {
  const csv =
    'item,movieId,title,year,genres\n' +
    '1,356,Forrest Gump,1994,Comedy|Drama\r\n' +
    '3,318,"Shawshank Redemption, The",1994,Crime|Drama\n' +
    `4,1,"${hostile}",,Horror\n` +
    '5,2,"Good, the Bad and the Ugly, The",1966,Western\n';
  const items = parseItemsCsv(csv);
  assert.equal(items.get(1).name, 'Forrest Gump (1994)');
  assert.equal(items.get(3).name, 'The Shawshank Redemption (1994)');
  assert.equal(items.get(3).genres, 'Crime|Drama');
  assert.equal(items.get(4).name, hostile);
  assert.equal(items.get(5).name, 'The Good, the Bad and the Ugly (1966)');
  assert.equal(readableTitle('Matrix, The'), 'The Matrix');
  assert.equal(readableTitle('Hunger, A, 1999'), 'Hunger, A, 1999');
  assert.throws(() => parseItemsCsv('id,title\n1,x\n', 'items.csv'), /items.csv has no "item"/);
  assert.throws(() => parseItemsCsv('item,name\n1,x\n'), /no "title" column/);
  assert.throws(() => parseItemsCsv('item,title\n1,x\nabc,y\n', 'f'), /f line 3: item "abc"/);
});

test('items CSV: refused as the CLI refuses it, naming the line as an editor numbers it', () => {
  const refused = {
    // An unquoted comma would shift every later column: "Matrix (The)".
    'item,title,year\n1,Heat,1995\n\n2,Matrix, The,1999\n': /f line 4 has 4 cells, the header 3$/,
    'item,title\n1,x\n2\n': /f line 3 has 1 cells, the header 2$/,
    'item,title\n1,x\n1,y\n': /f line 3: item 1 is listed twice \(first on line 2\)$/,
    'item,title\n1,  \n': /f line 2, column "title": empty title$/,
    'item,title\n9007199254740993,x\n': /f line 2: item "9007199254740993" is not an id/,
  };
  for (const [csv, message] of Object.entries(refused)) {
    assert.throws(() => parseItemsCsv(csv, 'f'), message, csv);
  }
  // Number() would read these as ids 1000, 16, 2 and -1.
  for (const id of ['1e3', '0x10', '+2', '-1', '1.0', '']) {
    assert.throws(
      () => parseItemsCsv(`item,title\n${id},x\n`, 'f'),
      /f line 2: item ".*" is not an id/,
    );
  }
  const items = parseItemsCsv('item,title,title\r\n 007 ,First,Second\n9007199254740992,Last,x\n');
  assert.deepEqual(
    [...items].map(([id, item]) => [id, item.name]),
    [
      [7, 'First'],
      [2 ** 53, 'Last'],
    ],
  );
});
