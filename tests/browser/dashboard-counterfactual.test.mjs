// The dashboard's counterfactual cards in Chromium, each checked against the JSON the JS API
// returns for the same request and re-verified by scoring the answer again:
// - History tab, "What would change it?" on MovieLens history 0 (k 1, and k 10): the items the
//   card names, the new top pick, the ranks, the model calls and "proved" are the API's; the
//   downloaded JSON is the API's; scored again, the edited history's top k lacks the target, and
//   for k 10 (three items, proved) no pair of removals takes it out (all 171 scored).
// - Tabular tab, "What would move this item into the top k?" on a demo row: each answer's change
//   lines, rank, sparsity and proved flag are the API's; no immutable feature changes; each changed
//   row, scored with the others of its user's list, has the rank shown, inside the top k.
// - Bad k and steps go to the notices, and stay when a job asked for before them ends; a linear model gets a hint instead; both cards pass axe at 1280 and 390 px without scrolling
//   sideways; no console errors.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { parseItemsCsv } from '../../web/widget/items-csv.mjs';
import { axeViolations, describeViolations } from './axe.mjs';
import { skipWithoutChromium, startBrowser } from './chromium.mjs';
import { openDashboard } from './dashboard-page.mjs';

const movielens = new URL('../../examples/movielens/', import.meta.url);
const demo = new URL('../../examples/demo/', import.meta.url);
const core = new URL('../../build/wasm/whyrec_core.wasm', import.meta.url);
const skip =
  skipWithoutChromium ||
  (!existsSync(new URL('sasrec.onnx', movielens)) && 'examples/movielens/sasrec.onnx is absent') ||
  (!existsSync(core) && 'build/wasm is not built: npm run build');
const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
// The card's defaults for the demo data.
const immutable = ['user_activity', 'item_popularity', 'item_rating', 'item_age_days'];
const steps = { shipping_days: 1, discount_pct: 5, viewed_item_before: 1 };
// Demo row 4 (user u001) is number 17 of its user's 40 candidates.
const demoRow = 4;

let chromium;
let titles;
let candidates;
let background;
// MovieLens history 0, which the History tab shows first.
let history;

before(async () => {
  if (skip) return;
  chromium = await startBrowser();
  const items = parseItemsCsv(await readFile(new URL('items.csv', movielens), 'utf8'));
  titles = new Map([...items].map(([id, item]) => [id, item.name]));
  history = (await readFile(new URL('histories.csv', movielens), 'utf8'))
    .split(/\r?\n/)[0]
    .split(',')
    .map(Number);
  candidates = csv(await readFile(new URL('candidates.csv', demo), 'utf8'));
  background = csv(await readFile(new URL('background.csv', demo), 'utf8'));
});

after(() => chromium?.stop());

// The demo's CSVs: a header, then cells that are numbers except the ids.
function csv(text) {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const names = header.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(
      names.map((name, i) => [name, /_id$/.test(name) ? cells[i] : +cells[i]]),
    );
  });
}

async function showHistoryCounterfactual(page) {
  await page.click('#tab-history');
  await page.waitForSelector('#history-counterfactual-ask:not([disabled])');
  await page.click('#history-counterfactual-ask');
  await page.waitForSelector('#history-counterfactual:not([hidden])');
}

async function showTabularCounterfactual(page) {
  await page.waitForSelector('#counterfactual-find:not([disabled])');
  await page.fill('#row', String(demoRow));
  await page.dispatchEvent('#row', 'change');
  await page.click('#counterfactual-find');
  await page.waitForSelector('#counterfactual-result:not([hidden])');
}

// "A", "A and B", "A, B and C".
const andList = (names) =>
  names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

/** What the History tab's card shows. */
function historyCard(page) {
  return page.$eval('#history-counterfactual', (box) => ({
    found: box.dataset.found,
    target: Number(box.dataset.target),
    k: Number(box.dataset.k),
    sentence: box.querySelector('#history-counterfactual-sentence').textContent,
    named: [...box.querySelectorAll('#history-counterfactual-sentence em')].map(
      (em) => em.textContent,
    ),
    rank: box.querySelector('#history-counterfactual-rank').textContent,
    calls: box.querySelector('#history-counterfactual-calls').textContent,
    minimal: box.querySelector('#history-counterfactual-minimal').textContent,
    top: [...box.querySelectorAll('#history-counterfactual-top li')].map((li) => ({
      item: Number(li.dataset.item),
      text: li.textContent,
    })),
  }));
}

/** The model's top k for each of `histories`, by the JS API's recommend. */
function topLists(page, histories, k) {
  return page.evaluate(
    async ({ histories, k }) => {
      const { recommend } = await import('/web/whyrec.mjs');
      const model = new URL('/examples/movielens/sasrec.onnx', location.href).href;
      return (await recommend({ model, histories, k })).map((top) => top.items);
    },
    { histories, k },
  );
}

/** The JS API's counterfactual for the card's request (history row 0, MovieLens titles). */
function historyApi(page, { history, target, k }) {
  return page.evaluate(
    async ({ history, target, itemNames, k }) => {
      const { explainHistory } = await import('/web/whyrec.mjs');
      return explainHistory({
        model: new URL('/examples/movielens/sasrec.onnx', location.href).href,
        history,
        target,
        itemNames,
        absence: 'removal',
        method: 'counterfactual',
        k,
        settings: { budget: 2048 },
      });
    },
    { history, target, itemNames: history.map((id) => titles.get(id)), k },
  );
}

test('History: the card says what the API found, and the answer holds', { skip }, async () => {
  const { page, problems } = await openDashboard(chromium, { width: 1280, height: 1000 });
  await showHistoryCounterfactual(page);
  const card = await historyCard(page);
  const target = Number(await page.inputValue('#history-target'));
  assert.equal(card.target, target);
  const api = await historyApi(page, { history, target, k: 1 });
  assert.equal(api.found[0], true, 'MovieLens history 0 has a counterfactual');
  assert.equal(card.found, 'true');
  assert.equal(card.k, 1);
  const removed = api.edited_items[0].map((id) => titles.get(id));
  const newTop = titles.get(api.top_k_after[0][0]);
  assert.deepEqual(card.named, [...removed, newTop]);
  const list = andList(removed);
  assert.equal(card.sentence, `Remove ${list} and the top pick becomes ${newTop}.`);
  assert.equal(card.rank, `${api.rank_before[0]} → ${api.rank_after[0]}`);
  assert.equal(api.rank_before[0], 1);
  assert.ok(api.rank_after[0] > 1);
  assert.match(card.calls, new RegExp(`^${api.model_calls[0].toLocaleString('en-US')}`));
  assert.equal(
    card.minimal,
    api.minimal[0] === 'proved'
      ? 'Proved: no smaller set works'
      : 'Not proved: a smaller set may work',
  );
  assert.deepEqual(
    card.top,
    api.top_k_after[0].map((id) => ({ item: id, text: titles.get(id) })),
  );

  const download = page.waitForEvent('download');
  await page.click('#history-counterfactual-json');
  const saved = JSON.parse(await readFile(await (await download).path(), 'utf8'));
  assert.deepEqual(saved, api, 'the downloaded JSON is the API’s for the same request');

  // Scored again: the edited history's top pick is the card's, not the target.
  const set = new Set(api.edited_positions[0]);
  const edited = history.filter((_, i) => !set.has(i));
  assert.deepEqual(edited, api.counterfactual_history[0]);
  const [top] = await topLists(page, [edited], 1);
  assert.deepEqual(top, [api.top_k_after[0][0]]);
  assert.notEqual(top[0], target);
  assert.deepEqual(problems, []);
  await page.close();
});

test(
  'History, k = 10: three items, proved: no two of them (or any others) would do',
  { skip },
  async () => {
    const { page, problems } = await openDashboard(chromium, { width: 1280, height: 1000 });
    await page.click('#tab-history');
    await page.waitForSelector('#history-counterfactual-ask:not([disabled])');
    await page.fill('#history-counterfactual-k', '10');
    await page.click('#history-counterfactual-ask');
    await page.waitForSelector('#history-counterfactual[data-k="10"]:not([hidden])');
    const card = await historyCard(page);
    const target = Number(await page.inputValue('#history-target'));
    const api = await historyApi(page, { history, target, k: 10 });
    assert.equal(api.found[0], true);
    assert.equal(
      api.edited_items[0].length,
      3,
      'history 0 needs three removals to leave the top 10',
    );
    assert.equal(api.minimal[0], 'proved');
    const removed = api.edited_items[0].map((id) => titles.get(id));
    assert.equal(
      card.sentence,
      `Remove ${andList(removed)} and ${titles.get(target)} leaves the top 10, falling to rank ` +
        `${api.rank_after[0]}.`,
    );
    assert.ok(api.rank_after[0] > 10);
    assert.equal(card.rank, `1 → ${api.rank_after[0]}`);
    assert.equal(card.minimal, 'Proved: no smaller set works');
    assert.deepEqual(
      card.top.map((entry) => entry.item),
      api.top_k_after[0],
    );
    assert.equal(card.top.length, 10);
    // Brute force: with any two items removed (every pair), the target stays in the top 10.
    const pairs = history.flatMap((_, i) =>
      history.flatMap((__, j) =>
        j > i ? [history.filter((___, at) => at !== i && at !== j)] : [],
      ),
    );
    const lists = await topLists(page, [api.counterfactual_history[0], ...pairs], 10);
    assert.ok(!lists[0].includes(target), 'without the three, it is out of the top 10');
    assert.equal(lists.length - 1, (history.length * (history.length - 1)) / 2);
    assert.ok(
      lists.slice(1).every((top) => top.includes(target)),
      'no pair takes it out',
    );
    assert.deepEqual(problems, []);
    await page.close();
  },
);

test('Tabular: the card shows the API’s answers, and each one holds', { skip }, async () => {
  const { page, problems } = await openDashboard(chromium, { width: 1280, height: 1000 });
  await showTabularCounterfactual(page);
  const shown = await page.$eval('#counterfactual-result', (box) => ({
    goal: box.dataset.goal,
    found: box.dataset.found,
    summary: box.querySelector('#counterfactual-summary').textContent,
    answers: [...box.querySelectorAll('#counterfactual-answers > li')].map((li) => ({
      rank: Number(li.dataset.rank),
      output: Number(li.dataset.output),
      sparsity: Number(li.dataset.sparsity),
      minimal: li.dataset.minimal,
      facts: li.querySelector('p').textContent,
      changes: [...li.querySelectorAll('.changes li')].map((line) => ({
        feature: line.dataset.feature,
        from: Number(line.dataset.from),
        to: Number(line.dataset.to),
        text: line.textContent,
      })),
    })),
  }));
  const names = Object.keys(background[0]);
  const user = candidates[demoRow].user_id;
  const listed = candidates.filter((row) => row.user_id === user);
  const rows = listed.map((row) => names.map((name) => row[name]));
  const row = listed.indexOf(candidates[demoRow]);
  const request = {
    rows,
    row,
    featureNames: names,
    background: background.map((r) => names.map((name) => r[name])),
    output: 'prob',
    k: 10,
    count: 2,
    maxChanges: 3,
    immutable,
    steps,
  };
  const api = await page.evaluate(async (request) => {
    const { counterfactual } = await import('/web/whyrec.mjs');
    const model = new URL('/examples/demo/ctr_mlp.onnx', location.href).href;
    return counterfactual({ model, ...request });
  }, request);
  assert.equal(api.goal, 'enter', `row ${demoRow} starts outside the top 10`);
  assert.equal(api.found, true);
  assert.equal(shown.goal, 'enter');
  assert.equal(shown.found, 'true');
  assert.match(
    shown.summary,
    new RegExp(`is number ${api.rank_before} of the 40 rows with user_id ${user}`),
  );
  const labels = JSON.parse(await readFile(new URL('meta.json', demo), 'utf8')).feature_labels;
  assert.equal(shown.answers.length, api.counterfactuals.length);
  const fewest = Math.min(...api.counterfactuals.map((a) => a.sparsity));
  api.counterfactuals.forEach((answer, i) => {
    const card = shown.answers[i];
    assert.equal(card.rank, answer.rank);
    assert.equal(card.output, answer.output);
    assert.equal(card.sparsity, answer.sparsity);
    assert.equal(card.minimal, String(api.sparsity_minimal && answer.sparsity === fewest));
    assert.match(card.facts, new RegExp(`^New rank ${answer.rank} · prob `));
    assert.deepEqual(
      card.changes,
      answer.changes.map((c) => ({
        ...c,
        text: `${labels[c.feature]}: ${number.format(c.from)} → ${number.format(c.to)}`,
      })),
    );
    for (const change of answer.changes) assert.ok(!immutable.includes(change.feature));
  });

  // Each answer scored again with the other items of the list: the rank it reaches, in the top 10
  // (ties rank the row below the others).
  const scored = await page.evaluate(
    async ({ rows, row, changed }) => {
      const { predict } = await import('/web/whyrec.mjs');
      const model = new URL('/examples/demo/ctr_mlp.onnx', location.href).href;
      const others = rows.filter((_, i) => i !== row);
      return Promise.all(
        changed.map(async (moved) => {
          const scores = await predict({ model, rows: [moved, ...others], output: 'prob' });
          return Array.from(scores);
        }),
      );
    },
    {
      rows,
      row,
      changed: api.counterfactuals.map((answer) => {
        const moved = [...rows[row]];
        for (const c of answer.changes) moved[names.indexOf(c.feature)] = c.to;
        return moved;
      }),
    },
  );
  scored.forEach(([score, ...others], i) => {
    const rank = 1 + others.filter((other) => other >= score).length;
    assert.equal(rank, api.counterfactuals[i].rank);
    assert.ok(rank <= 10);
    assert.ok(Math.abs(score - api.counterfactuals[i].output) < 1e-6);
  });
  assert.deepEqual(problems, []);
  await page.close();
});

// The first version let any result clear the notice: the demo's first explanation, asked for on
// load, wiped out an error that came after it was asked for (a flaky CI failure of the test above).
test(
  'an error outlives a job asked for before it; a job asked for after it clears it',
  { skip },
  async () => {
    const { page, problems } = await openDashboard(chromium, { width: 1280, height: 900 });
    await page.waitForFunction(() => document.querySelector('#chart svg'));
    const explained = () =>
      page.waitForFunction(() =>
        /^Explanation of row/.test(document.getElementById('results-title').textContent),
      );
    // In one task: the explanation starts, then the bad k fails, before the explanation can end.
    await page.evaluate(() => {
      document.getElementById('results-title').textContent = '';
      document.getElementById('explain-row').click();
      document.getElementById('counterfactual-k').value = '0';
      document.getElementById('counterfactual-find').click();
    });
    await explained();
    assert.equal(await page.isHidden('#error'), false);
    assert.match(
      await page.textContent('#error-text'),
      /Top k must be a whole number of at least 1/,
    );
    await page.evaluate(() => (document.getElementById('results-title').textContent = ''));
    await page.click('#explain-row');
    await explained();
    assert.equal(await page.isHidden('#error'), true);
    assert.equal(await page.textContent('#error-text'), '');
    assert.deepEqual(problems, []);
    await page.close();
  },
);

test('bad k and steps go to the notices, naming the field', { skip }, async () => {
  const { page, problems } = await openDashboard(chromium, { width: 1280, height: 900 });
  await page.waitForSelector('#counterfactual-find:not([disabled])');
  await page.fill('#counterfactual-k', '0');
  await page.click('#counterfactual-find');
  await page.waitForSelector('#error:not([hidden])');
  assert.match(await page.textContent('#error-text'), /Top k must be a whole number of at least 1/);
  await page.click('#dismiss-error');
  await page.fill('#counterfactual-k', '10');
  await page.fill('#counterfactual-steps', 'shipping_days=1, colour=2');
  await page.click('#counterfactual-find');
  await page.waitForSelector('#error:not([hidden])');
  assert.match(await page.textContent('#error-text'), /Whole steps: "colour" is not a feature/);

  await page.click('#tab-history');
  await page.waitForSelector('#history-counterfactual-ask:not([disabled])');
  await page.selectOption('#history-target', { index: 2 });
  await page.click('#history-counterfactual-ask');
  await page.waitForSelector('#history-error:not([hidden])');
  assert.match(
    await page.textContent('#history-error-text'),
    /the chosen recommendation is number 3, outside the top 1: choose a k of at least 3/,
  );
  assert.equal(await page.isHidden('#history-counterfactual'), true);
  assert.deepEqual(problems, []);
  await page.close();
});

test(
  'a linear model: the Tabular card says it needs an ONNX model, and clears its answers',
  { skip },
  async () => {
    const { page, problems } = await openDashboard(chromium, { width: 1280, height: 900 });
    await showTabularCounterfactual(page);
    await page.setInputFiles('#model-file', {
      name: 'ctr_logistic.json',
      mimeType: 'application/json',
      buffer: await readFile(new URL('ctr_logistic.json', demo)),
    });
    await page.waitForFunction(() => document.getElementById('method').value === 'linear');
    assert.equal(await page.isVisible('#counterfactual-hint'), true);
    assert.match(await page.textContent('#counterfactual-hint'), /ONNX models only/);
    assert.equal(await page.isDisabled('#counterfactual-find'), true);
    assert.equal(await page.isHidden('#counterfactual-result'), true);
    assert.deepEqual(problems, []);
    await page.close();
  },
);

for (const viewport of [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`both cards shown: no axe violations at ${viewport.width} px`, { skip }, async () => {
    const { page, problems } = await openDashboard(chromium, viewport);
    const checked = async (what) => {
      const violations = await axeViolations(page);
      assert.equal(violations.length, 0, `${what}:\n${describeViolations(violations)}`);
      const wide = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(wide <= 0, `${what}: scrolls sideways by ${wide} px`);
    };
    await showTabularCounterfactual(page);
    await checked('Tabular, with the counterfactual answers');
    await showHistoryCounterfactual(page);
    await checked('History, with the counterfactual card');
    assert.deepEqual(problems, []);
    await page.close();
  });
}
