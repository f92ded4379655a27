// <why-recommended>: the top reasons a recommendation was made, in plain language, with a small
// bar each and "How this was computed". Once visible it explains the model live in whyrec's
// worker (model, instance, background), else it shows a precomputed explanation; history mode
// (history-mode.mjs) names the items that led to it. Usage, attributes, parts and events:
// why-recommended.d.ts. Every name and value from data is rendered as text.
import {
  answersInPage,
  distilledModelAt,
  distilledModelRead,
  explainInPage,
  mayBeDistilled,
} from './distilled-in-page.mjs';
import { fetchOnce } from './fetch-once.mjs';
import { numberText } from './number-text.mjs';
import { parseNumericCsv } from './numeric-csv.mjs';
import { topReasons } from './reasons.mjs';
import { widgetStyle } from './widget-style.mjs';

// What each method measured, in words a shopper reads (Shapley values and their closed forms:
// each detail's share); "Precision" says whether it was estimated.
const methodNames = {
  lime: 'A simple model fitted to similar cases',
  anchors: 'A rule that held for similar cases',
  occlusion: 'Leaving out one item at a time',
  attention: 'Where the model looked (not a share)',
};

function parseBackground(text, source) {
  if (!/\.json([?#]|$)/i.test(source)) return parseNumericCsv(text, source);
  const json = JSON.parse(text);
  return Array.isArray(json)
    ? { names: undefined, rows: json }
    : { names: json.feature_names, rows: json.rows };
}

const parseJson = (text) => JSON.parse(text);
const preloaded = { background: parseBackground, reasons: parseJson, explanation: parseJson };

/**
 * Starts fetching the files that widgets will name (URLs as their attributes give them) before
 * any widget names them, so that widgets on a distilled GA2M explain it as they connect: a
 * `model` (read in the page when it may be a distilled GA2M; the JS API's worker reads other
 * models when a widget is seen), a `background`, a `reasons` and an `explanation` file.
 */
export function preload({ model, background, reasons, explanation } = {}) {
  if (model && mayBeDistilled(model)) distilledModelAt(model);
  for (const [name, url] of Object.entries({ background, reasons, explanation })) {
    if (url) fetchOnce(url, preloaded[name]);
  }
}

export class WhyRecommended extends HTMLElement {
  static observedAttributes = [
    'model',
    'instance',
    'background',
    'output',
    'method',
    'explanation',
    'row',
    'reasons',
    'max-reasons',
    'heading',
    'history',
    'item',
    'items',
    'verb',
    'budget',
    'region-label',
    'counterfactual',
  ];

  #parts;
  #observer = null;
  #visibleAt = null;
  #scheduled = false;
  // Whether the widget's inputs changed since it last explained them.
  #changed = true;
  #runs = 0;
  #properties = {};
  #result = null;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = widgetStyle;
    const box = element('section', 'box', 'container');
    const heading = element('h3', 'heading', 'heading');
    box.setAttribute('aria-busy', 'true');
    const reasons = element('ol', 'reasons', 'reasons');
    const status = element('p', 'status', 'status');
    status.setAttribute('role', 'status');
    const details = element('details', '', 'details');
    details.hidden = true;
    const summary = element('summary', '', 'summary');
    summary.textContent = 'How this was computed';
    const facts = element('dl', '', 'facts');
    details.append(summary, facts);
    box.append(heading, reasons, status, details);
    root.append(style, box);
    this.#parts = { box, heading, reasons, status, details, facts };
    this.#showHeading();
  }

  get instance() {
    return this.#properties.instance ?? jsonAttribute(this, 'instance');
  }
  set instance(value) {
    this.#set('instance', value);
  }

  get background() {
    return this.#properties.background;
  }
  set background(value) {
    this.#set('background', value);
  }

  get featureNames() {
    return this.#properties.featureNames;
  }
  set featureNames(value) {
    this.#set('featureNames', value);
  }

  get explanation() {
    return this.#properties.explanation;
  }
  set explanation(value) {
    this.#set('explanation', value);
  }

  get reasons() {
    return this.#properties.reasons;
  }
  set reasons(value) {
    this.#set('reasons', value);
  }

  get result() {
    return this.#result;
  }

  connectedCallback() {
    if (this.#visibleAt !== null || this.#observer) return;
    // The JS API and its worker, the background and the reasons file load while the widget
    // waits to be seen (a failure to load is reported when it explains); a model that may be a
    // distilled GA2M is read first: the widget explains such a model itself, at once. A history
    // widget's model and titles load likewise (history-mode.mjs).
    if (this.#runsModel() && this.hasAttribute('history')) {
      import('./history-mode.mjs')
        .then((mode) => mode.preloadAttributes((name) => this.getAttribute(name)))
        .catch(() => {});
    } else if (this.#runsModel()) {
      const model = this.#distilledModel();
      (model ?? Promise.resolve(null))
        .then(() => {
          if (!this.#explainsItself()) return import('../whyrec.mjs');
          // Unless seen already (and so explained), the widget explains now.
          if (this.#changed) this.#schedule();
          return null;
        })
        .catch(() => {});
      Promise.all([this.#templates(), this.background ?? this.#backgroundFile()]).catch(() => {});
    }
    if (typeof IntersectionObserver === 'undefined') {
      this.#becameVisible();
      return;
    }
    this.#observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) this.#becameVisible();
    });
    this.#observer.observe(this);
  }

  disconnectedCallback() {
    this.#observer?.disconnect();
    this.#observer = null;
  }

  attributeChangedCallback(name) {
    if (name === 'heading' || name === 'region-label') this.#showHeading();
    else this.#inputsChanged();
  }

  #set(name, value) {
    this.#properties[name] = value;
    this.#inputsChanged();
  }

  #inputsChanged() {
    this.#changed = true;
    this.#schedule();
  }

  #becameVisible() {
    this.#observer?.disconnect();
    this.#observer = null;
    this.#visibleAt = performance.now();
    if (this.#changed) this.#schedule();
  }

  // Several attributes set in a row (as frameworks do) start one computation, once visible.
  // A precomputed explanation given as an object needs no work: it renders at once, before the
  // first paint when it is set with the card; so does a distilled GA2M the page has read (its
  // explanation takes a few milliseconds: bench/README.md, "Distilled models in the page").
  #schedule() {
    // Whether the widget is ready is asked once for all the attributes a page sets in a row.
    if (this.#scheduled) return;
    const ready =
      (this.#properties.explanation && !this.hasAttribute('model')) || this.#explainsItself();
    if (this.#visibleAt === null && !ready) return;
    this.#visibleAt ??= performance.now();
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#changed = false;
      this.#update();
    });
  }

  async #update() {
    const run = ++this.#runs;
    const { box, status } = this.#parts;
    box.setAttribute('aria-busy', 'true');
    status.textContent = 'Finding the reasons…';
    try {
      let { reasons, explanation, source, row, later } = this.hasAttribute('history')
        ? await this.#historyReasons()
        : await this.#featureReasons();
      while (reasons && run === this.#runs) {
        this.#render(reasons, explanation, row, source);
        const elapsed = performance.now() - this.#visibleAt;
        this.#result = { reasons, explanation, source, elapsed };
        this.dispatchEvent(
          new CustomEvent('whyrec-reasons', { detail: this.#result, bubbles: true }),
        );
        // A history's counterfactual line is not waited for: the reasons come again with it.
        reasons = await later;
        later = null;
      }
    } catch (error) {
      if (run !== this.#runs) return;
      this.#parts.reasons.replaceChildren();
      this.#parts.details.hidden = true;
      // Shoppers read a plain sentence; the cause goes to the console and the event.
      status.textContent = 'The reasons for this recommendation are not available right now.';
      this.#warn(error);
    } finally {
      if (run === this.#runs) box.setAttribute('aria-busy', 'false');
    }
  }

  // Developers get the cause: a console warning and a whyrec-error event whose detail has the
  // message, for a file that failed to load its URL and HTTP status, and what is shown instead
  // (fallback: 'precomputed', 'plain wording', 'item ids' or null, nothing).
  #warn(error, fallback = null) {
    const message = error?.message || String(error);
    const [, url, status] = /could not load (\S+): HTTP (\d+)/.exec(message) ?? [];
    const detail = { error, message, url, status: status && Number(status), fallback };
    console.warn(`<why-recommended>: ${message}${fallback ? `; showing ${fallback}` : ''}`);
    this.dispatchEvent(new CustomEvent('whyrec-error', { detail, bubbles: true }));
  }

  async #featureReasons() {
    const [templates, { explanation, source, row, instance }] = await Promise.all([
      // A reasons file that fails to load costs the wording (plain sentences), not the reasons.
      Promise.resolve(this.#templates()).catch(
        (error) => this.#warn(error, 'plain wording') ?? null,
      ),
      this.#explain(),
    ]);
    const reasons = topReasons(explanation, { row, instance, templates, count: this.#count() });
    return { reasons, explanation, source, row };
  }

  async #historyReasons() {
    const mode = await import('./history-mode.mjs');
    let explanation = null;
    if (this.#runsModel()) {
      try {
        explanation = await mode.explainAttributes(
          (name) => this.getAttribute(name),
          (error) => this.#warn(error, 'item ids'),
        );
      } catch (error) {
        if (!this.#hasPrecomputed()) throw error;
        this.#warn(error, 'precomputed');
      }
    }
    if (!explanation && !this.#hasPrecomputed()) {
      throw new Error('give a history model and a history, or a precomputed explanation');
    }
    const source = explanation ? 'browser' : 'precomputed';
    const row = explanation ? 0 : Number(this.getAttribute('row') ?? 0) || 0;
    explanation ??= await this.#precomputed();
    const options = { row, verb: this.getAttribute('verb') || 'watched', maxItems: this.#count() };
    const later = mode.counterfactualReasons(explanation, options);
    return { reasons: [mode.historyReason(explanation, options)], explanation, source, row, later };
  }

  // Whether this widget explains its model in the browser (else it shows a precomputed
  // explanation): it names one, and the browser runs WebAssembly.
  #runsModel() {
    return typeof WebAssembly === 'object' && this.hasAttribute('model');
  }

  #count() {
    return Math.min(3, Math.max(1, Number(this.getAttribute('max-reasons') ?? 3) || 3));
  }

  #templates() {
    if (this.#properties.reasons) return this.#properties.reasons;
    const url = this.getAttribute('reasons');
    return url ? fetchOnce(url, parseJson) : null;
  }

  async #explain() {
    const instance = this.instance;
    const live =
      this.#runsModel() &&
      Array.isArray(instance) &&
      (this.background || this.hasAttribute('background'));
    if (live) {
      try {
        return {
          explanation: await this.#explainLive(instance),
          source: 'browser',
          row: 0,
          instance,
        };
      } catch (error) {
        if (!this.#hasPrecomputed()) throw error;
        this.#warn(error, 'precomputed');
      }
    }
    if (!this.#hasPrecomputed()) {
      throw new Error('give a model, instance and background, or a precomputed explanation');
    }
    const explanation = await this.#precomputed();
    const row = Number(this.getAttribute('row') ?? 0) || 0;
    // A batch job's rows may differ from the live instance (groups): prefer its own feature values.
    return {
      explanation,
      source: 'precomputed',
      row,
      instance: explanation.data?.[row] ?? instance,
    };
  }

  #precomputed() {
    return this.#properties.explanation ?? fetchOnce(this.getAttribute('explanation'), parseJson);
  }

  #hasPrecomputed() {
    return Boolean(this.#properties.explanation || this.hasAttribute('explanation'));
  }

  #backgroundFile() {
    const url = this.getAttribute('background');
    return url ? fetchOnce(url, parseBackground) : null;
  }

  // Whether the model is a distilled GA2M the page has read and the request one its closed form
  // answers.
  #explainsItself() {
    const url = this.getAttribute('model');
    if (!url || this.hasAttribute('history') || !this.#runsModel()) return false;
    const model = mayBeDistilled(url) && distilledModelRead(url);
    return Boolean(
      model && answersInPage(model, this.getAttribute('method'), this.getAttribute('output')),
    );
  }

  // The distilled GA2M the model attribute names, read in the page; null when it names no such
  // file (no attribute, not a .json one, or a history model's).
  #distilledModel() {
    const url = this.getAttribute('model');
    if (!url || this.hasAttribute('history') || !mayBeDistilled(url)) return null;
    return distilledModelAt(url);
  }

  async #explainLive(instance) {
    // The model (when it may be a distilled one) or the JS API loads while the background does.
    const distilled = this.#distilledModel();
    const api = distilled ? null : import('../whyrec.mjs');
    const background = this.background
      ? { names: undefined, rows: this.background }
      : await this.#backgroundFile();
    const model = await distilled;
    const inPage =
      model &&
      explainInPage(model, {
        instance,
        background: background.rows,
        featureNames: this.featureNames ?? background.names,
        method: this.getAttribute('method'),
        output: this.getAttribute('output'),
        // A file's rows are parsed once for the page and never change; rows a page sets may.
        fixedBackground: !this.background,
      });
    if (inPage) return inPage;
    const { explain, configureDefaults } = await (api ?? import('../whyrec.mjs'));
    // Small cores, each a third of the full one's download or less: Shapley values of ONNX models,
    // the closed forms of white-box models (trees, linear), distilled models'; a page loads the
    // one it needs.
    // A page that needs LIME or Anchors elsewhere configures the full core before its first job.
    const core = (name) => new URL(`../../build/wasm/${name}.mjs`, import.meta.url);
    configureDefaults({
      coreUrl: core('whyrec_shapley'),
      whiteBoxCoreUrl: core('whyrec_white_box'),
      distilledCoreUrl: core('whyrec_distilled'),
    });
    return explain({
      model: this.getAttribute('model'),
      instance,
      background: background.rows,
      featureNames: this.featureNames ?? background.names,
      method: this.getAttribute('method') ?? undefined,
      output: this.getAttribute('output') ?? undefined,
    });
  }

  #render(reasons, explanation, row, source) {
    const { reasons: list, status, details, facts } = this.#parts;
    list.replaceChildren(
      ...reasons.map((reason) => {
        const item = element('li', `reason ${reason.sign}`, 'reason');
        const text = element('span', 'text', 'text');
        // History reasons keep each item's name apart, to emphasise it; all of it is text.
        for (const part of reason.parts ?? [{ text: reason.text }]) {
          const name = part.name === undefined ? null : element('em', 'name', 'name');
          if (name) name.textContent = part.text;
          text.append(name ?? part.text);
        }
        item.dataset.feature = reason.feature;
        item.dataset.value = String(reason.value);
        // Reasons only ever raise the score; a row that nothing raised (below average, or a
        // history with no such item) has a statement, not a reason to weigh.
        if (reason.sign === 'none') {
          item.append(text);
          return item;
        }
        const strength =
          reason.share >= 0.66 ? 'strong' : reason.share >= 0.33 ? 'moderate' : 'minor';
        const spoken = element('span', 'visually-hidden');
        spoken.textContent = ` (${strength} reason)`;
        const bar = element('span', 'bar', 'bar');
        bar.setAttribute('aria-hidden', 'true');
        const fill = element('span', 'fill', 'bar-fill');
        fill.style.width = `${Math.max(4, Math.round(reason.share * 100))}%`;
        bar.append(fill);
        item.append(text, spoken, bar);
        return item;
      }),
    );
    status.textContent = '';
    facts.replaceChildren(
      ...howComputed(explanation, row, source).flatMap(([term, description]) => {
        const dt = document.createElement('dt');
        dt.textContent = term;
        const dd = document.createElement('dd');
        dd.textContent = description;
        return [dt, dd];
      }),
    );
    details.hidden = false;
  }

  // A page with several widgets names each one's region (region-label) so no two share a name;
  // without it the box is no landmark, and its heading still leads to it.
  #showHeading() {
    const { box, heading } = this.#parts;
    heading.textContent = this.getAttribute('heading') ?? 'Why we recommend this';
    const label = this.getAttribute('region-label');
    if (label) box.setAttribute('aria-label', label);
    else box.removeAttribute('aria-label');
  }
}

// Plain facts for shoppers: what was measured, where, against what, how precisely, the score.
function howComputed(explanation, row, source) {
  const pick = (entry) => (Array.isArray(entry) ? entry[0] : entry);
  const errors = (explanation.std_errors?.[row] ?? []).map(pick);
  const largestError = Math.max(0, ...errors);
  const backgroundRows = explanation.settings?.background_rows;
  // A history explanation has one base value per history: the score with no history.
  const history = explanation.history?.[row];
  const base = history ? explanation.base_value[row] : pick(explanation.base_value);
  return [
    ['Method', methodNames[explanation.method] ?? "Each detail's share of the score"],
    ['Computed', source === 'browser' ? 'In your browser, just now' : 'In advance'],
    ...(backgroundRows ? [['Compared with', `${backgroundRows} typical cases`]] : []),
    ...(history ? [['Your history', `${history.length} items`]] : []),
    ['Precision', largestError === 0 ? 'Exact' : `Within about ${numberText(largestError, 2)}`],
    [
      'Match score',
      numberText(pick(explanation.model_output[row]), 2) +
        // Attention reads the model once, on the whole history: it has no base value.
        (typeof base === 'number'
          ? ` (${history ? 'without your history' : 'average'} ${numberText(base, 2)})`
          : ''),
    ],
  ];
}

function element(tag, className, part) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (part) node.setAttribute('part', part);
  return node;
}

function jsonAttribute(host, name) {
  const text = host.getAttribute(name);
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

if (!customElements.get('why-recommended'))
  customElements.define('why-recommended', WhyRecommended);
