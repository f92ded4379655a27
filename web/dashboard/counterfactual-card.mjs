// The Tabular tab's counterfactual card: "what would move this item into the top k?" for the
// selected row, within its candidate list (the rows that share an id, such as a user's), by
// whyrec's counterfactual() (`whyrec counterfactual`): each answer's changes ("Price vs. usual
// spend: -0.68 → -1.2"), the rank and score it reaches, how many features it changes, and whether
// fewer changes were proved not to work. k, the number of answers, whole steps and the features
// that must not change come from a small form. Names and values are text.
import { counterfactual } from '../whyrec.mjs';
import { formats } from '../page-helpers.mjs';
import { wholeNumber } from './form-fields.mjs';

const $ = (id) => document.getElementById(id);
const { count } = formats;
const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
// For the demo's data (and any table with these columns): what a shop cannot change about a
// user or an item, and features that move in whole steps.
const defaultImmutable = ['user_activity', 'item_popularity', 'item_rating', 'item_age_days'];
const defaultSteps = { shipping_days: 1, discount_pct: 5, viewed_item_before: 1 };
// The most features one answer changes (the core's default, said in the card's words).
const maxChanges = 3;
// An id column whose rows form one candidate list: a user's, a session's, a query's.
const listColumn = /user|session|query|customer|request|list|group/i;

/**
 * Wires the card. current() is what the tab shows: { model, table, row, background, output,
 * column, labels }; notices: the tab's { mark, setStatus, showError, clearError }.
 */
export function counterfactualCard(current, { mark, setStatus, showError, clearError }) {
  let asked = 0;
  let running = false;
  let ready = false;
  const showButton = () => ($('counterfactual-find').disabled = running || !ready);
  const clear = () => {
    asked++;
    $('counterfactual-result').hidden = true;
  };
  $('counterfactual-find').addEventListener('click', async () => {
    let shown;
    let request;
    try {
      shown = current();
      request = requestFor(shown);
    } catch (error) {
      showError(error);
      return;
    }
    const run = ++asked;
    const since = mark();
    running = true;
    showButton();
    setStatus(`Searching changes to row ${shown.row}…`);
    try {
      const result = await counterfactual({
        ...request.api,
        onProgress: ({ rowsEvaluated }) => {
          if (run === asked) setStatus(`Searching: ${count.format(rowsEvaluated)} model rows…`);
        },
      });
      setStatus('');
      // Answers for a row (or list, output, background) no longer shown are not shown.
      if (run !== asked) return;
      showResult(result, shown, request);
      clearError(since);
    } catch (error) {
      if (run === asked) showError(new Error(`Changes to row ${shown.row}: ${error.message}`));
    } finally {
      running = false;
      showButton();
    }
  });
  return {
    /** New rows: the list choices, the features to keep, the steps; what was shown goes. */
    tableChanged(table, labels) {
      clear();
      showListChoice(table);
      showFeatureChoices(table.names, labels);
    },
    /** A model was read: the card works for ONNX models (kind 'onnx'). */
    modelChanged(kind) {
      clear();
      ready = kind === 'onnx';
      $('counterfactual-hint').hidden = ready;
      showButton();
    },
    /** Another row, output or background: the answers shown are no longer for it. */
    clear,
  };
}

// The id columns a candidate list can be read from, and the whole file.
function showListChoice(table) {
  const ids = (table.columns ?? []).filter((c) => c.role === 'id').map((c) => c.name);
  const select = $('counterfactual-list');
  // The choice before stays while it is offered (none before the first table).
  const kept = select.options.length > 0 ? select.value : null;
  select.replaceChildren(
    ...ids.map((name) => new Option(`rows with the same ${name}`, name)),
    new Option(`all ${count.format(table.rows.length)} rows`, ''),
  );
  const values = [...select.options].map((option) => option.value);
  select.value = values.includes(kept) ? kept : (ids.find((name) => listColumn.test(name)) ?? '');
}

function showFeatureChoices(names, labels) {
  $('counterfactual-immutable').replaceChildren(
    ...names.map((name) => {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.value = name;
      box.checked = defaultImmutable.includes(name);
      label.append(box, ` ${labels[name] ?? name}`);
      return label;
    }),
  );
  $('counterfactual-steps').value = Object.entries(defaultSteps)
    .filter(([name]) => names.includes(name))
    .map(([name, step]) => `${name}=${step}`)
    .join(', ');
}

/** The rows of `row`'s candidate list and its place in it. */
function candidateList({ table, row }) {
  const column = $('counterfactual-list').value;
  if (!column) {
    return { indices: table.rows.map((_, i) => i), name: `the ${table.rows.length} rows` };
  }
  const value = table.data[row][column];
  const indices = table.rows.flatMap((_, i) => (table.data[i][column] === value ? [i] : []));
  return { indices, name: `the ${indices.length} rows with ${column} ${value}` };
}

// The form's request; errors name the field that is wrong.
function requestFor(shown) {
  const { model, table, row, background, output, column } = shown;
  const list = candidateList(shown);
  const api = {
    model: model.source,
    rows: list.indices.map((i) => table.rows[i]),
    row: list.indices.indexOf(row),
    featureNames: table.names,
    background,
    output,
    column,
    k: wholeNumber('counterfactual-k', 'Top k', 1),
    count: wholeNumber('counterfactual-count', 'Answers', 1),
    maxChanges,
    immutable: [...$('counterfactual-immutable').querySelectorAll('input:checked')].map(
      (box) => box.value,
    ),
    steps: parseSteps($('counterfactual-steps').value, table.names),
  };
  return { api, list };
}

/** "shipping_days=1, discount_pct=5" → { shipping_days: 1, discount_pct: 5 }. */
export function parseSteps(text, names) {
  const steps = {};
  for (const entry of text.split(',').map((part) => part.trim())) {
    if (entry === '') continue;
    const [name, step, extra] = entry.split('=').map((part) => part.trim());
    const value = Number(step);
    if (extra !== undefined || step === undefined || !(value > 0) || !Number.isFinite(value)) {
      throw new Error(`Whole steps: "${entry}" is not feature=step with a step above 0`);
    }
    if (!names.includes(name)) {
      throw new Error(`Whole steps: "${name}" is not a feature (${names.join(', ')})`);
    }
    steps[name] = value;
  }
  return steps;
}

function showResult(result, { table, row, labels, output }, { list, api }) {
  const { k, goal } = result;
  const where = table.ids[row] ? ` (${table.ids[row]})` : '';
  const aim = goal === 'enter' ? `enter the top ${k}` : `leave the top ${k}`;
  $('counterfactual-summary').textContent =
    `Row ${row}${where} is number ${result.rank_before} of ${list.name} (${output} ` +
    `${number.format(result.output_before)}). To ${aim} it must score ` +
    `${goal === 'enter' ? 'above' : 'at most'} ${number.format(result.threshold)}, the ` +
    `${ordinal(k)} best of the others.`;
  const box = $('counterfactual-result');
  box.dataset.goal = goal;
  box.dataset.found = String(result.found);
  const fewest = Math.min(...result.counterfactuals.map((answer) => answer.sparsity));
  $('counterfactual-answers').replaceChildren(
    ...result.counterfactuals.map((answer) =>
      answerItem(answer, { labels, output, proved: result.sparsity_minimal, fewest }),
    ),
  );
  const kept = api.immutable.length ? `, keeping ${api.immutable.join(', ')}` : '';
  $('counterfactual-facts').textContent =
    (result.found
      ? ''
      : `No change of at most ${maxChanges} changeable features${kept} makes it ${aim}. `) +
    `${count.format(result.evaluations)} model rows scored` +
    (result.budget_spent ? ', the whole budget: a longer search might find more.' : '.');
  box.hidden = false;
}

function answerItem(answer, { labels, output, proved, fewest }) {
  const item = document.createElement('li');
  item.dataset.rank = String(answer.rank);
  item.dataset.output = String(answer.output);
  item.dataset.sparsity = String(answer.sparsity);
  item.dataset.proximity = String(answer.proximity);
  const changes = document.createElement('ul');
  changes.className = 'changes';
  changes.append(
    ...answer.changes.map((change) => {
      const line = document.createElement('li');
      line.dataset.feature = change.feature;
      line.dataset.from = String(change.from);
      line.dataset.to = String(change.to);
      const name = labels[change.feature] ?? change.feature;
      line.textContent = `${name}: ${number.format(change.from)} → ${number.format(change.to)}`;
      return line;
    }),
  );
  const changed = `${answer.sparsity} feature${answer.sparsity === 1 ? '' : 's'} changed`;
  const minimal =
    answer.sparsity !== fewest ? '' : proved ? ' (fewest: proved)' : ' (fewer not ruled out)';
  item.dataset.minimal = String(answer.sparsity === fewest && proved);
  const facts = document.createElement('p');
  facts.className = 'muted';
  facts.textContent =
    `New rank ${answer.rank} · ${output} ${number.format(answer.output)} · ${changed}` +
    `${minimal} · distance ${number.format(answer.proximity)}`;
  item.append(changes, facts);
  return item;
}

function ordinal(n) {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th');
  return `${n}${suffix}`;
}
