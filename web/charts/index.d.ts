// Type declarations for whyrec's charts (web/charts/index.mjs). Each chart draws with Observable
// Plot: load d3 and Plot's UMD build on the page first (Node imports the npm package).
import type { Explanation } from '../whyrec.js';

/** Fields later methods add to the explanation; charts read them when present. */
export interface ExtendedExplanation extends Explanation {
  /** Feature values of the explained rows (rows × players); the dashboard's downloads carry it. */
  data?: number[][];
  /** Shapley interaction values, rows × players × players (main effects on the diagonal). */
  interaction_values?: number[][][];
  /** LIME, per row: surrogate weights per player (or per output, then per player). */
  weights?: (number[] | number[][])[];
  /** LIME, per row: the surrogate's intercept (one per output when several). */
  intercept?: (number | number[])[];
  /** LIME, per row: the surrogate's weighted R² (`local_r2` is read too). */
  score?: (number | number[])[];
  /** LIME, per row: one condition per player ("price <= -0.5"); Anchors: the rule's conditions. */
  conditions?: (string[] | { feature: string; op: string; value: number }[])[];
  /** Anchors, per row: the rule as one string ("a > 1 AND b <= 2"); `rule` is read too. */
  anchor?: string[];
  rule?: (string[] | string)[];
  /** Anchors, per row: how often the decision holds under the rule, and the share of rows it covers. */
  precision?: number[];
  precision_lower_bound?: number[];
  coverage?: number[];
  anchor_found?: boolean[];
  /** Anchors, per row: the decision the rule keeps. */
  prediction?: (number | number[])[];
  /** Per row: the model's output as players are removed (deletion) or added (insertion), most important first. */
  deletion?: number[][];
  insertion?: number[][];
}

export interface ChartOptions {
  /** The explained row for one-row charts (default 0); for heatmap, one row's signed values. */
  row?: number;
  /** Which output, when the explained output has several columns (default 0). */
  outputIndex?: number;
  /** Feature values, rows × players (default: explanation.data). */
  data?: number[][];
  /** Feature values of the row, for "name = value" labels. */
  instance?: ArrayLike<number | null>;
  /** Readable names: { feature_name: 'Label' }. */
  labels?: Record<string, string>;
  /** Players drawn; the rest are summed (waterfall, force) or left out. */
  top?: number;
  /** Pixels (default 640); charts fit down to 320: long names end in "…" with a tooltip. */
  width?: number;
  height?: number;
  axisLabel?: string;
  /** The document to build in (Node: a DOM implementation's document). */
  document?: Document;
}

export interface DependenceOptions extends ChartOptions {
  /** The feature on the x axis (default: the most important). */
  feature?: string;
  /** Colour by this feature; null for none; default: the strongest interaction. */
  color?: string | null;
}

/**
 * An SVG element, or a <figure> holding the legend's SVG and the plot's. The plot's SVG is
 * role="img" with an aria-label, a <title> and a <desc> that says what it shows in words; a
 * legend's SVG is role="img" named "Legend: …".
 */
export type Chart = SVGSVGElement | HTMLElement;

export function waterfall(
  explanation: Explanation,
  options?: ChartOptions & { outputLabel?: string },
): Chart;
export function force(
  explanation: Explanation,
  options?: ChartOptions & { minShare?: number },
): Chart;
export function bar(explanation: Explanation, options?: ChartOptions): Chart;
export function beeswarm(explanation: ExtendedExplanation, options?: ChartOptions): Chart;
export function dependence(explanation: ExtendedExplanation, options?: DependenceOptions): Chart;
export function heatmap(explanation: ExtendedExplanation, options?: ChartOptions): Chart;
export function lime(explanation: ExtendedExplanation, options?: ChartOptions): Chart;
export function anchor(explanation: ExtendedExplanation, options?: ChartOptions): Chart;
export function curves(explanation: ExtendedExplanation, options?: ChartOptions): Chart;

/**
 * A history explanation (explainHistory): every field holds one entry per explained history, and
 * rows are ragged (histories differ in length).
 */
export interface HistoryExplanation {
  method: string;
  output: string | null;
  /** Per history: the players' names (an item's title, or a group's label). */
  feature_names: string[][];
  /** Per history: one value per player. */
  values: number[][];
  std_errors?: number[][];
  base_value: number[];
  model_output: number[];
  /** Per history: the item ids, oldest first. */
  history: number[][];
  /** Per history: the recommended item explained. */
  target: number[];
  /** Per history: the history positions of each player (a group holds several). */
  player_items?: number[][][];
  /** Method 'attention': per history, the model's attention and its summaries over items. */
  attention?: {
    last_layer?: number[] | number[][];
    rollout: number[] | number[][];
    flow?: number[] | number[][];
    /** layer × head × items × items; rows are the attending item. */
    raw: number[][][][];
  }[];
}

export interface HistoryChartOptions {
  /** The explained history (default 0). */
  row?: number;
  /** One name per history item (default: the players' names when each player is one item). */
  itemNames?: string[];
  width?: number;
  /** Ems of an item name before it is cut with an ellipsis (the full name is in a tooltip). */
  maxLabelLength?: number;
  document?: Document;
}

/** The history oldest to newest, one cell per item coloured by its contribution, and a legend. */
export function historyTimeline(
  explanation: HistoryExplanation,
  options?: HistoryChartOptions,
): Chart;
/**
 * One layer's attention (items × items, rows attending; mean over heads or one head), or with
 * layer 'rollout' (default) the rollout and flow over the history's items.
 */
export function attentionHeatmap(
  explanation: HistoryExplanation,
  options?: HistoryChartOptions & { layer?: 'rollout' | number; head?: 'mean' | number },
): Chart;

/** Standalone SVG text of a chart (a figure's SVGs stacked into one). */
export function svgText(chart: Chart, options?: { color?: string; background?: string }): string;
/** A PNG of a chart drawn on a canvas, `scale` times its size (browsers only). */
export function pngBlob(
  chart: Chart,
  options?: { scale?: number; background?: string },
): Promise<Blob>;

export interface ChartSpec {
  title: string;
  draw: (explanation: ExtendedExplanation, options?: DependenceOptions) => Chart;
  /** 'row': one explained row; 'rows': a summary over many. */
  scope: 'row' | 'rows';
  canDraw: (explanation: ExtendedExplanation, options?: ChartOptions) => boolean;
}

export const charts: Record<
  | 'waterfall'
  | 'force'
  | 'bar'
  | 'beeswarm'
  | 'dependence'
  | 'heatmap'
  | 'lime'
  | 'anchor'
  | 'curves',
  ChartSpec
>;

/** A main or pair term of a distilled model (whyrec.d.ts's DistilledModel). */
export interface DistilledTerm {
  features: string[];
  cuts: number[][];
  scores: number[];
}

/**
 * A main term's shape function: a step per value bin, the missing bin as a dashed rule apart;
 * options.spread (the term's importance) goes into its description.
 */
export function shapeFunction(
  term: DistilledTerm,
  options?: ChartOptions & { spread?: number; height?: number },
): Chart;

/** A pair term's scores as a heatmap of the two features' bins (missing bins first). */
export function pairHeatmap(term: DistilledTerm, options?: ChartOptions): Chart;

/** `whyrec distill --search --front FILE`'s JSON. */
export interface DistillFront {
  format: 'whyrec-distill-front';
  version: 1;
  metric: string;
  pick_rule?: string;
  candidates: {
    family: string;
    settings: Record<string, unknown>;
    json_bytes: number;
    gzip_bytes: number;
    terms: number;
    pareto: boolean;
    picked: boolean;
    [metric: string]: unknown;
  }[];
}

/** Fidelity (the front's metric) against gzip bytes on a log scale; Pareto joined, pick ringed. */
export function paretoChart(
  front: DistillFront,
  options?: ChartOptions & { height?: number },
): Chart;
