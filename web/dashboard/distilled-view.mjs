// What the Distilled tab shows of a model: its fidelity report, the search's Pareto front, each
// main term's shape function (most important first) and each pair's heatmap, drawn at the width
// their box has. Names and values from files reach the page as text only.
import { checkDistilled, termSpread } from '../charts/distilled-data.mjs';
import { pairHeatmap } from '../charts/pair-heatmap.mjs';
import { paretoChart } from '../charts/pareto.mjs';
import { shapeFunction } from '../charts/shape-function.mjs';
import { element } from '../page-helpers.mjs';

const $ = (id) => document.getElementById(id);
const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });
const count = new Intl.NumberFormat('en-US');

/** shown: { model, report, front, rows, labels }: any of them null. */
export function drawDistilled(shown) {
  drawReport(shown.report);
  drawFront(shown.front);
  drawTerms(shown.model && checkDistilled(shown.model), shown.rows, shown.labels);
  $('distilled-subtitle').textContent = subtitle(shown);
}

function subtitle({ model, report, front }) {
  if (!model && !report && !front) return 'Load a distilled model, or distil one.';
  if (!model) return 'No model loaded: load its JSON to see its terms.';
  const mains = model.terms.filter((t) => t.features.length === 1).length;
  const pairs = model.terms.length - mains;
  return (
    `${model.family ?? 'additive'} model of ${model.feature_names.length} features: ` +
    `${mains} shape functions and ${pairs} pairs, ${model.link} link. Each term's value is what ` +
    'it adds to the margin: the model explains itself.'
  );
}

// The report's fields a reader needs, in words; absent ones (no lists given) are left out.
function drawReport(report) {
  $('distilled-fidelity').hidden = !report;
  if (!report) return;
  const lists = (n) => ` (${count.format(n)} lists)`;
  const items = [
    ['Held-out R²', number.format(report.holdout_r2)],
    ['R² on fitted rows', number.format(report.train_r2)],
    report.top_k_agreement !== undefined && [
      `Top-${report.k} agreement`,
      report.top_k_agreement === null
        ? 'no list longer than k'
        : number.format(report.top_k_agreement) + lists(report.lists_for_top_k),
    ],
    report.ndcg_at_10 !== undefined && [
      'NDCG@10',
      report.ndcg_at_10 === null
        ? 'no list of 2+ items'
        : number.format(report.ndcg_at_10) + lists(report.lists_for_ndcg),
    ],
    ['Terms', `${count.format(report.terms)} (${count.format(report.pairs?.length ?? 0)} pairs)`],
    [
      'Size',
      `${count.format(report.json_bytes)} B JSON, ${count.format(report.gzip_bytes)} B gzip`,
    ],
    [
      'Rows',
      `${count.format(report.train_rows)} fitted, ${count.format(report.holdout_rows)} held out`,
    ],
    ['Fit', `${number.format(report.fit_seconds)} s`],
    ['Teacher', report.teacher],
  ].filter(Boolean);
  $('distilled-fidelity-stats').replaceChildren(
    ...items.map(([title, value]) => {
      const item = document.createElement('div');
      item.append(element('dt', null, title), element('dd', null, value));
      return item;
    }),
  );
}

function drawFront(front) {
  $('distilled-front-box').hidden = !front;
  if (!front) return;
  const box = $('distilled-front');
  box.replaceChildren(paretoChart(front, { width: widthOf(box) }));
}

// The terms' spreads, kept for the last model and rows: a redraw (a width change) only sorts.
let lastSpreads = { model: null, rows: null, terms: [] };
function spreadsOf(model, rows) {
  if (lastSpreads.model !== model || lastSpreads.rows !== rows) {
    const terms = (model?.terms ?? []).map((term) => ({
      term,
      spread: termSpread(model, term, rows),
    }));
    lastSpreads = { model, rows, terms };
  }
  return lastSpreads.terms;
}

// Main terms sorted by their spread over the rows (or over their bins without rows), then pairs.
function drawTerms(model, rows, labels) {
  const terms = spreadsOf(model, rows);
  const byImportance = (a, b) => b.spread - a.spread;
  const mains = terms.filter(({ term }) => term.features.length === 1).sort(byImportance);
  const pairs = terms.filter(({ term }) => term.features.length === 2).sort(byImportance);
  $('distilled-shapes-box').hidden = mains.length === 0;
  $('distilled-pairs-box').hidden = pairs.length === 0;
  $('distilled-shapes-note').textContent = rows?.length
    ? `Importance: the standard deviation of a term's value over ${count.format(rows.length)} rows.`
    : 'Importance: the range of a term’s values over its bins (no rows loaded).';
  drawGrid('distilled-shapes', mains, (term, options) => shapeFunction(term, options), labels);
  drawGrid('distilled-pairs', pairs, (term, options) => pairHeatmap(term, options), labels);
}

function drawGrid(id, terms, draw, labels) {
  const grid = $(id);
  // Drawn into the grid first, so that each figure has the width of its column.
  const figures = terms.map(() => element('figure', 'chart', ''));
  grid.replaceChildren(...figures);
  terms.forEach(({ term, spread }, i) => {
    const figure = figures[i];
    figure.dataset.features = JSON.stringify(term.features);
    figure.append(draw(term, { width: widthOf(figure), labels, spread }));
    figure.append(element('figcaption', null, `Importance ${number.format(spread)}`));
  });
}

function widthOf(node) {
  return Math.max(240, Math.floor(node.getBoundingClientRect().width));
}
