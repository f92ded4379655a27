// Type declarations for <why-recommended> (web/widget/why-recommended.mjs).
//
//   <why-recommended model="ctr_mlp.onnx" output="prob" background="background.csv"
//     instance="[-0.6, 0.4, …]" reasons="reasons.json" explanation="batch.json" row="3"
//     heading="Why we recommend this" region-label="Why we recommend Trail shoes">
//
// It explains the model live in whyrec's worker when it has a model, an instance and a background
// and the browser has WebAssembly; otherwise (or when that fails) it shows a precomputed
// explanation, such as the CLI's JSON (given as an object in `explanation`, it renders at once,
// visible or not). A distilled GA2M (`whyrec distill`'s .json, its text beginning with
// {"format":"whyrec-distilled") it reads and explains in the page itself, exactly, with no worker
// and no WebAssembly core, at once, visible or not (a few milliseconds a widget); requests its
// closed form does not answer (another method or output) go to the worker. History mode explains
// a recommendation made from the user's history of items by the items that led to it
// (history-mode.mjs):
//
//   <why-recommended history="12 45 7" item="77" model="sasrec.onnx" items="items.csv"
//     verb="watched"></why-recommended>
//
// It runs the worker only once it is visible, renders every name and value from data as text, and
// is styled through --why-* custom properties and ::part(container | heading | reasons | reason |
// text | name | bar | bar-fill | status | details | summary | facts). The heading is an <h3>;
// `region-label` names the widget's region (give each widget on a page its own), without it the
// box is no landmark. Failures show shoppers one plain sentence and send developers a
// console.warn and a `whyrec-error` event (WhyrecErrorDetail).
import type { Explanation } from '../whyrec.js';

/** One sentence per feature and sign, or cases chosen by the feature value. */
export type ReasonTemplate =
  string | Array<{ below?: number; above?: number; text: string } | string>;

/** A reasons file: examples/demo/reasons.json is one. */
export interface ReasonTemplates {
  fallback?: { positive?: string; negative?: string };
  /** Shown instead of reasons for a row scoring at or below the average. */
  neutral?: string;
  features: Record<
    string,
    {
      label?: string;
      /** How {pct} is computed from the feature value. */
      pct?: 'log2-ratio' | 'fraction';
      positive?: ReasonTemplate;
      negative?: ReasonTemplate;
    }
  >;
}

export interface Reason {
  /** The feature; in history mode, the named items' names, one a line. */
  feature: string;
  /** The feature's contribution; in history mode, the named items' sum. */
  value: number;
  featureValue?: number | undefined;
  /**
   * Only what raised the score is a reason ('positive'); 'none' for a row scoring at or below
   * the average, or a history with no item that raised the score (the text says so; no bar).
   */
  sign: 'positive' | 'none';
  /**
   * |value| relative to the row's largest |value|: the bar's length. In history mode, the named
   * items' part of the positive contributions.
   */
  share: number;
  text: string;
  /** History mode: the sentence in parts; a part with `name` is an item's name (emphasised). */
  parts?: { text: string; name?: string }[];
}

export interface WhyRecommendedResult {
  reasons: Reason[];
  explanation: Explanation;
  source: 'browser' | 'precomputed';
  /** Milliseconds from becoming visible (or, precomputed, from being given) to the reasons. */
  elapsed: number;
}

/** The `whyrec-error` event's detail; the console gets the same message. */
export interface WhyrecErrorDetail {
  error: unknown;
  /** The cause in words, e.g. "could not load https://…/model.onnx: HTTP 404". */
  message: string;
  /** For a file that failed to load: its URL and HTTP status. */
  url?: string;
  status?: number;
  /** What is shown instead: the precomputed explanation, plain wording, or nothing (null). */
  fallback: 'precomputed' | 'plain wording' | null;
}

/**
 * Attributes: model, output, method, background (CSV or JSON URL), instance (JSON array),
 * explanation (URL of a precomputed explanation), row, reasons (URL), max-reasons (1–3),
 * heading, region-label. History mode: history (item ids, spaces or commas between), item (the recommended
 * item; default the model's top one), model (an ONNX history model, or a distilled item-to-item
 * model's .json, explained by its own terms with no ONNX Runtime), items (URL of a CSV with
 * item and title columns), verb ('watched'), method ('kernel'; 'auto' for a distilled model),
 * budget (400), counterfactual (ONNX models; present: adds "You'd see other picks if you hadn't
 * watched X" when removing one or two items takes the item out of the top pick; read at first
 * render); the seed is fixed.
 * Events: 'whyrec-reasons' (detail: WhyRecommendedResult), 'whyrec-error' (detail:
 * WhyrecErrorDetail).
 */
export class WhyRecommended extends HTMLElement {
  /** The row to explain; the `instance` attribute holds it as JSON. */
  instance: number[] | undefined;
  /** Background rows; otherwise read from the `background` attribute's CSV or JSON file. */
  background: number[][] | undefined;
  /** Feature names in model input order; otherwise the background CSV's header. */
  featureNames: string[] | undefined;
  /** A precomputed explanation (the documented JSON); otherwise the `explanation` URL's file. */
  explanation: Explanation | undefined;
  /** The reasons template; otherwise the `reasons` URL's file. */
  reasons: ReasonTemplates | undefined;
  /** After rendering: the reasons shown, the explanation, its source and the time taken. */
  readonly result: WhyRecommendedResult | null;
}

/** Files that widgets will name, as their attributes give them. */
export interface WidgetFiles {
  /** Read in the page when it may be a distilled GA2M; other models load in the worker later. */
  model?: string | URL;
  background?: string | URL;
  reasons?: string | URL;
  explanation?: string | URL;
}

/**
 * Starts fetching the files that widgets will name before any widget names them (each file once
 * for the page), so that widgets on a distilled GA2M explain it as they connect.
 */
export function preload(files: WidgetFiles): void;

declare global {
  interface HTMLElementTagNameMap {
    'why-recommended': WhyRecommended;
  }
}
