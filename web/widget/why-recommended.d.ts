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
  feature: string;
  /** The feature's contribution. */
  value: number;
  featureValue: number | undefined;
  sign: 'positive' | 'negative';
  /** |value| relative to the row's largest |value|: the bar's length. */
  share: number;
  text: string;
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
 * heading. Events: 'whyrec-reasons' (detail: WhyRecommendedResult), 'whyrec-error'.
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
