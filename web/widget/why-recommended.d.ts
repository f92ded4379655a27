// Type declarations for <why-recommended> (web/widget/why-recommended.mjs).
import type { Explanation } from '../whyrec.js';

/** One sentence per feature and sign, or cases chosen by the feature value. */
export type ReasonTemplate =
  string | Array<{ below?: number; above?: number; text: string } | string>;

/** A reasons file: examples/demo/reasons.json is one. */
export interface ReasonTemplates {
  fallback?: { positive?: string; negative?: string };
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
  /** History mode: 'none' when no item raised the score (the text says so; no bar). */
  sign: 'positive' | 'negative' | 'none';
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
  /** Milliseconds from becoming visible to showing the reasons. */
  elapsed: number;
}

/**
 * Attributes: model, output, method, background (CSV or JSON URL), instance (JSON array),
 * explanation (URL of a precomputed explanation), row, reasons (URL), max-reasons (1–3),
 * heading. History mode: history (item ids, spaces or commas between), item (the recommended
 * item; default the model's top one), model (an ONNX history model), items (URL of a CSV with
 * item and title columns), verb ('watched'), method ('kernel'), budget (400); the seed is fixed.
 * Events: 'whyrec-reasons' (detail: WhyRecommendedResult), 'whyrec-error'.
 */
export class WhyRecommended extends HTMLElement {
  instance: number[] | undefined;
  background: number[][] | undefined;
  featureNames: string[] | undefined;
  explanation: Explanation | undefined;
  reasons: ReasonTemplates | undefined;
  readonly result: WhyRecommendedResult | null;
}

declare global {
  interface HTMLElementTagNameMap {
    'why-recommended': WhyRecommended;
  }
}
