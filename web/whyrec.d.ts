// Type declarations for whyrec's JavaScript API (web/whyrec.mjs).

/** A row of feature values, in the order of the feature names; null or NaN is a missing value. */
export type Row = ArrayLike<number | null>;

/** Rows as an array of rows, or as one flat row-major Float32Array. */
export type Rows = Row[] | Float32Array;

/** A white-box linear model; its values are explained in margin space. */
export interface LinearModel {
  type: 'linear';
  link: 'identity' | 'logit';
  feature_names: string[];
  coefficients: number[];
  intercept: number;
}

/**
 * A distilled additive model written by `whyrec distill` (README, "Distilled models"): outputs
 * "prediction" (identity link) or "margin" and "prob" (logit link).
 */
export interface DistilledModel {
  format: 'whyrec-distilled';
  version: 1;
  link: 'identity' | 'logit';
  feature_names: string[];
  intercept: number;
  terms: { features: string[]; cuts: number[][]; scores: number[] }[];
}

/**
 * An ONNX model with one [batch, features] float32 input (a URL or, in Node, a path to the
 * .onnx file, or its bytes), a linear, distilled or XGBoost save_model() JSON model (an object,
 * its JSON text, or the URL or path of its .json file), or a LightGBM text model (its model.txt
 * text, bytes, or the URL or path of a .txt file). Gzip-compressed files and bytes are read too.
 */
export type Model =
  string | ArrayBuffer | Uint8Array | LinearModel | DistilledModel | { learner: object };

/** Methods of the core: the error for an unknown one lists those a build has. */
export type Method =
  | 'exact'
  | 'linear'
  | 'tree'
  | 'additive'
  | 'kernel'
  | 'permutation'
  | 'lime'
  | 'anchors'
  | (string & {});

export interface Progress {
  /** Model evaluations (rows) answered so far, over all instances. */
  rowsEvaluated: number;
  /** Instances fully explained so far. */
  instancesDone: number;
  instances: number;
}

export interface ExplainRequestBase {
  model: Model;
  /** Reference rows (m × features) that absent features are drawn from. */
  background: Rows;
  /** One weight per background row (default: all equal). */
  backgroundWeights?: ArrayLike<number>;
  /** Default: the linear model's names, or x0, x1, … */
  featureNames?: string[];
  /** Players made of several features; features in no group stay players of their own. */
  groups?: Record<string, string[]>;
  /**
   * Default: 'linear' for linear models, 'tree' for XGBoost and LightGBM models (settings: tree_mode 'path' or
   * 'interventional', interactions true for interaction_values), 'exact' otherwise. 'auto' picks
   * the closed form of a white-box model, 'tree' for an ONNX tree ensemble too (an ai.onnx.ml
   * TreeEnsembleRegressor/Classifier reading the model input; its 'margin' is explained).
   * A distilled model's first output is explained in closed form by default, 'auto' and
   * 'additive' (exact interventional Shapley values against the background, method 'additive',
   * in its own small core: EngineOptions.distilledCoreUrl); other methods and outputs run on
   * its predictions.
   */
  method?: Method;
  /** The output to explain, by name (default: the model's first output). */
  output?: string;
  /** Most rows the core asks ONNX Runtime to evaluate at once. */
  maxBatchRows?: number;
  /** Method settings passed to the core as they are, e.g. { budget: 2048, seed: 7 }. */
  settings?: Record<string, unknown>;
  onProgress?: (progress: Progress) => void;
  /** Cancels the job: the promise rejects with an AbortError and the work stops. */
  signal?: AbortSignal;
  /**
   * 'allow' (default): null and NaN are missing values (trees route them as the model says,
   * other methods pass NaN to the model); 'error': refuse them, naming the row and feature.
   */
  missing?: 'allow' | 'error';
  /**
   * Row B of "why this row rather than B" (`whyrec explain --contrast B`): each instance A is
   * explained against B with the request's method and settings, and settings.contrast_row records
   * B's values. Its code is loaded on first use (the widget never downloads it).
   */
  contrast?: Row;
  /**
   * What `contrast` explains. 'margin' (default): f(A) - f(B) with any Shapley method (exact,
   * kernel, permutation, auto, linear, tree, additive); the values are A's minus B's, base_value
   * is f(B), standard errors combine as if independent. 'prob': the pairwise probability
   * P(A above B) = sigmoid(f(A) - f(B)) (RankNet; `output` should be a score or logit), a game of
   * its own (a present feature takes A's value in A and B's in B, an absent one the same
   * background row's in both), for ONNX models with 'exact', 'kernel', 'permutation' or 'auto'
   * (the full core: EngineOptions.coreUrl); base_value is 1/2, model_output P(A above B), and
   * settings.contrast_output is 'prob'.
   */
  contrastOutput?: 'margin' | 'prob';
}

export type ExplainRequest = ExplainRequestBase &
  ({ instance: Row; instances?: never } | { instances: Rows; instance?: never });

/** One explanation; per-row fields have one entry per explained instance. */
export interface Explanation {
  method: string;
  output: string | null;
  /** The players, in the order of each row of values. */
  feature_names: string[];
  base_value: number;
  /** rows × players */
  values: number[][];
  /** rows × players; 0 where values are exact. */
  std_errors: number[][];
  /** The model's output for each row. */
  model_output: number[];
  evaluations: number;
  seed: number | null;
  settings: Record<string, unknown>;
  /**
   * Method-specific per-row fields, one entry per row: LIME's intercept, weights, score,
   * local_prediction, conditions, features_used; an anchor's anchor, conditions, precision,
   * precision_lower_bound, coverage, anchor_found, prediction, samples (see the README).
   */
  [field: string]: unknown;
}

export interface PredictRequest {
  model: Exclude<Model, LinearModel>;
  rows: Rows;
  /** Default: the model's first output. */
  output?: string;
  /** Names used in error messages about the rows. */
  featureNames?: string[];
}

export function explain(request: ExplainRequest): Promise<Explanation>;

export interface GlobalRequestBase {
  /** An ONNX model. */
  model: Exclude<Model, LinearModel | { learner: object }>;
  /** Default: x0, x1, … */
  featureNames?: string[];
  /** The ONNX output, by name (default: the model's first; for curves, the explanation's). */
  output?: string;
  /**
   * The column of `output` the method reads, from 0 (as `--column`): needed when it has several (a
   * classifier's probabilities, a multiclass model's scores), which are otherwise an error.
   */
  column?: number;
  /** Most rows the core asks ONNX Runtime to evaluate at once. */
  maxBatchRows?: number;
  onProgress?: (progress: { rowsEvaluated: number }) => void;
  /** Cancels the job: the promise rejects with an AbortError and the work stops. */
  signal?: AbortSignal;
}

/** Settings as the flags of `whyrec importance`. */
export interface ImportanceRequest extends GlobalRequestBase {
  /** The rows to evaluate on. */
  rows: Rows;
  /** Default 'permutation'; 'pd' is partial dependence. */
  method?: 'permutation' | 'pd' | 'ale';
  /** permutation: one label per row to score against (default: the model's own output). */
  labels?: ArrayLike<number>;
  /** permutation: the labels' name, reported as `target`. */
  target?: string;
  /** permutation: default 'rmse'. */
  metric?: 'logloss' | 'auc' | 'rmse';
  /** permutation: shuffles per feature (default 5). */
  repeats?: number;
  /** permutation: seed of the shuffles (default 0). */
  seed?: number;
  /** permutation: features shuffled together. */
  groups?: Record<string, string[]>;
  /** pd, ale: one feature, or a pair. */
  feature?: string | [string, string];
  /** pd: grid points per feature (default 20). */
  gridResolution?: number;
  /** ale: quantile bins per feature (default 20). */
  bins?: number;
}

/** The JSON `whyrec importance` writes; its fields depend on the method (see the README). */
export interface GlobalResult {
  method: string;
  output: string;
  rows: [number, number];
  evaluations: number;
  [field: string]: unknown;
}

/**
 * Global importance of an ONNX model over `rows`: method 'permutation' (scored against `labels`
 * when given), 'pd' or 'ale'; resolves to the JSON `whyrec importance` writes.
 */
export function importance(request: ImportanceRequest): Promise<GlobalResult>;

/** Settings as the flags of `whyrec curves`. */
export interface CurvesRequest extends GlobalRequestBase {
  explanation: Explanation;
  /** The rows the explanation's rows come from (from its settings.rows[0], default 0, on). */
  rows: Rows;
  /** Reference rows that stand in for removed features. */
  background: Rows;
  /** Default: the explanation's feature_names. */
  featureNames?: string[];
  /** Also report the mean areas of this many random orders per row. */
  randomOrders?: number;
  /** Seed of the random orders (default 0). */
  seed?: number;
}

/** order, deletion, insertion, deletion_area, insertion_area: one entry per explained row. */
export function curves(request: CurvesRequest): Promise<GlobalResult>;

/** Settings as the flags of `whyrec counterfactual`. */
export interface CounterfactualRequest extends GlobalRequestBase {
  /** The candidate list: one row of features per item. */
  rows: Rows;
  /** The index in `rows` of the item to move. */
  row: number;
  /** Rows whose observed ranges and spreads bound and scale the changes (default: `rows`). */
  background?: Rows;
  /** The top k to enter or leave (default 1). */
  k?: number;
  /** Default 'auto': whichever the item is not (in the top k: leave it). */
  goal?: 'auto' | 'enter' | 'leave';
  /** Answers wanted, each changing a different set of features (default 1). */
  count?: number;
  /** Most features one answer changes (default 3). */
  maxChanges?: number;
  /** Most rows the model scores (default 100,000). */
  budget?: number;
  /** Features that must not change. */
  immutable?: string[];
  /** Where features may go, [low, high] (default: the background's range). */
  ranges?: Record<string, [number, number]>;
  /** Changes in whole steps of this size. */
  steps?: Record<string, number>;
  /** Weight of one scaled unit of change (default 1). */
  costs?: Record<string, number>;
  /** Values tried per feature (default 20). */
  gridSize?: number;
}

/** One changed row that reaches the goal. */
export interface FeatureCounterfactual {
  changes: { feature: string; from: number; to: number }[];
  output: number;
  rank: number;
  sparsity: number;
  proximity: number;
}

/** One row of the JSON `whyrec counterfactual` writes. */
export interface CounterfactualResult {
  row: number;
  goal: 'enter' | 'leave';
  k: number;
  output_before: number;
  rank_before: number;
  list_size: number;
  threshold: number;
  found: boolean;
  counterfactuals: FeatureCounterfactual[];
  sparsity_minimal: boolean;
  budget_spent: boolean;
  evaluations: number;
}

/**
 * The smallest change to `rows[row]` (its changeable features) that moves it into (or out of) the
 * top `k` of the list `rows`, the other items keeping their scores; as `whyrec counterfactual`.
 */
export function counterfactual(request: CounterfactualRequest): Promise<CounterfactualResult>;

/**
 * A history model: an ONNX file with one int64 input [batch, L] of item ids (a URL or, in Node,
 * a path, or its bytes), item scores [batch, items] out (column j = item j), optionally
 * attention weights (outputs named attention…, [batch, heads, L, L] in layer order) and the
 * history's embeddings (history_embeddings, [batch, L, d]).
 */
/**
 * An ONNX history model (URL, path or bytes) or a distilled item-to-item model (`whyrec
 * distill-history`'s JSON: its URL or path, its text, bytes or the parsed object). A distilled one
 * is explained by its own terms (method 'auto' or 'exact'; the small distilled core, no ONNX
 * Runtime) and ranks all the targets it stores in `recommend`.
 */
export type HistoryModel = string | ArrayBuffer | Uint8Array | Record<string, unknown>;

export type HistoryMethod =
  | 'auto'
  | 'exact'
  | 'kernel'
  | 'permutation'
  | 'occlusion'
  | 'integrated_gradients'
  | 'attention'
  | 'counterfactual';

export interface HistoryRequestBase {
  model: HistoryModel;
  /** Item ids, oldest first; at most L. */
  history: ArrayLike<number>;
  /** The explained item (default: the top-scoring item not in the history). */
  target?: number;
  /** Why `target` above this item: the explained output is f(target) - f(contrast). */
  contrast?: number;
  /** One display name per history item (e.g. a movie's title). */
  itemNames?: string[];
  /** One label per history item: items with the same label are one player. */
  groups?: string[];
  /** What an absent item becomes: deleted and the rest re-padded (default), or the mask id. */
  absence?: 'removal' | 'masking';
  /** The explained output: the target's raw score (default) or its log-probability. */
  output?: 'score' | 'log_prob';
  /** Layout; default from the file's metadata_props (whyrec.*) or the input's shape. */
  historyLength?: number;
  padId?: number;
  padSide?: 'left' | 'right';
  maskId?: number;
  maxBatchRows?: number;
  onProgress?: (progress: { rowsEvaluated: number }) => void;
  signal?: AbortSignal;
}

export interface ExplainHistoryRequest extends HistoryRequestBase {
  method?: HistoryMethod;
  /** budget, seed, tolerance, sampling, surrogate (Shapley); steps, relative_step (IG). */
  settings?: Record<string, unknown>;
  /** The form of the model that reads embeddings, for 'integrated_gradients'. */
  embeddingsModel?: HistoryModel;
  /** Adds faithfulness: deletion/insertion curves, comprehensiveness, sufficiency. */
  faithfulness?: boolean;
  /** 'counterfactual': the top k the target must leave (remove) or enter (add); default 1. */
  k?: number;
  /** 'counterfactual': remove history items (default) or add some of `candidates`. */
  counterfactual?: 'remove' | 'add';
  /** 'counterfactual' add: the item ids the search may add, and optionally their names. */
  candidates?: number[];
  candidateNames?: string[];
}

export interface Faithfulness {
  order: number[];
  deletion: number[];
  insertion: number[];
  deletion_area: number;
  insertion_area: number;
  comprehensiveness: Record<string, number>;
  sufficiency: Record<string, number>;
  evaluations: number;
}

/** Like Explanation, but every field holds one entry per explained history (ragged rows). */
export interface HistoryExplanation {
  method: string;
  output: 'score' | 'log_prob';
  feature_names: string[][];
  values: number[][];
  std_errors: number[][];
  base_value: (number | null)[];
  model_output: number[];
  evaluations: number;
  seed: number | null;
  settings: Record<string, unknown>;
  history: number[][];
  target: number[];
  /** The history positions of each player. */
  player_items: number[][][];
  completeness_error?: number[];
  attention?: {
    last_layer: number[];
    rollout: number[];
    flow: number[];
    raw: number[][][][];
  }[];
  faithfulness?: Faithfulness[];
  /** Method 'counterfactual' (values: 1 for each edited player, else 0). */
  found?: boolean[];
  edited_players?: number[][];
  edited_positions?: number[][];
  edited_items?: number[][];
  edited_names?: string[][];
  counterfactual_history?: (number[] | null)[];
  rank_before?: number[];
  rank_after?: (number | null)[];
  top_k_before?: number[][];
  top_k_after?: (number[] | null)[];
  counterfactual_output?: (number | null)[];
  minimal?: ('proved' | 'not proved' | null)[];
  budget_spent?: boolean[];
  model_calls?: number[];
  rounds?: number[];
  candidates?: number[][];
}

/**
 * Explains why a history model recommends `target` (default: its top item) to `history` (item ids,
 * oldest first): one value per history item (or group). `method`: 'auto' (default), 'exact',
 * 'kernel', 'permutation', 'occlusion', 'integrated_gradients' (with `embeddingsModel`),
 * 'attention' or 'counterfactual' (the fewest items whose removal pushes `target` out of the top
 * `k`, or with `counterfactual: 'add'` the fewest of `candidates` whose addition brings it in);
 * `faithfulness: true` adds deletion/insertion curves, comprehensiveness and sufficiency.
 * A distilled item-to-item model (JSON) is explained by its own terms ('auto', 'exact') or by
 * 'counterfactual' (removal only), with no ONNX Runtime.
 */
export function explainHistory(request: ExplainHistoryRequest): Promise<HistoryExplanation>;

export interface HistoryCurvesRequest extends HistoryRequestBase {
  /** One value per player: the order items are removed and inserted in, largest first. */
  values: number[];
}

/**
 * Deletion and insertion curves, comprehensiveness and sufficiency (at 1, 3, 5) of any
 * attribution of a history's items: `values` order the items, most important first.
 */
export function historyCurves(request: HistoryCurvesRequest): Promise<Faithfulness>;

export interface RecommendRequest {
  model: HistoryModel;
  histories: ArrayLike<number>[];
  /** How many items per history (default 10); items in the history are left out. */
  k?: number;
  historyLength?: number;
  padId?: number;
  padSide?: 'left' | 'right';
}

/** Histories read from a histories.csv text as the CLI reads them (errors name the line). */
export function readHistories(request: { text: string; source?: string }): Promise<number[][]>;

/** The top `k` (default 10) items a history model recommends to each of `histories`. */
export function recommend(
  request: RecommendRequest,
): Promise<{ items: number[]; scores: number[] }[]>;

/**
 * An ONNX or distilled model's output on rows: one value per row as a Float32Array, or one array
 * per row when an output has several.
 */
export function predict(request: PredictRequest): Promise<Float32Array | number[][]>;

export interface DistillRequest {
  /** The teacher: any model explain() takes (ONNX, XGBoost, LightGBM, linear, distilled). */
  model: Model;
  /** The rows to distil on (fitted on a seeded split, the rest held out). */
  data: Rows;
  /** Default: the model's names, else x0, x1, … */
  featureNames?: string[];
  /**
   * One candidate-list id per row (a user id, say): whole lists are held out and the report gains
   * top-k agreement and NDCG@10 per list, as `--group`.
   */
  lists?: ArrayLike<string | number>;
  /** What the report calls the lists (as the CLI's --group column). */
  group?: string;
  /** 'ga2m' (default) or 'linear'; any family the core has. */
  family?: string;
  /**
   * The core's settings, named as `whyrec distill`'s flags with underscores: interactions, bags,
   * max_bins, max_pair_bins, learning_rate, min_samples_leaf, smoothing_rounds, max_rounds,
   * max_terms, digits, score_step, seed, holdout, augment, k. Passed to the core as JSON; an
   * unknown one is an error naming it.
   * `augment`: synthetic rows per fitted row (a fitted row with each feature, by a coin toss, from
   * another), scored by the teacher and fitted beside the data, as `--augment`.
   */
  settings?: Record<string, unknown>;
  /** The teacher's output (default: its first). */
  output?: string;
  /**
   * The column of that output to fit, from 0 (as `--column`): needed when it has several (a
   * classifier's probabilities, a multiclass model's scores), which are otherwise an error.
   */
  column?: number;
  /** Fit the logit of the teacher's output (a probability); the surrogate gets the logit link. */
  teacherLogit?: boolean;
  /** 'allow' (default) or 'error': refuse null and NaN in `data`. */
  missing?: 'allow' | 'error';
}

/** `whyrec distill --report`'s JSON (README, "Distilled models"). */
export interface DistillReport {
  teacher: string;
  family: string;
  seed: number;
  train_rows: number;
  /** Rows fitted beside train_rows (settings.augment), scored by the teacher. */
  synthetic_rows: number;
  holdout_rows: number;
  group?: string;
  holdout_r2: number;
  train_r2: number;
  k?: number;
  top_k_agreement?: number | null;
  lists_for_top_k?: number;
  ndcg_at_10?: number | null;
  lists_for_ndcg?: number;
  terms: number;
  pairs: string[];
  json_bytes: number;
  /** By the platform's CompressionStream (zlib's default level; the CLI uses level 9). */
  gzip_bytes: number;
  /** With augment, counts making and scoring the synthetic rows, as the CLI does. */
  fit_seconds: number;
  /**
   * The core's fit alone. In WebAssembly the core's clock() counts wall time: fit_seconds less
   * the synthetic rows' scoring.
   */
  fit_cpu_seconds: number;
  /** Scoring the data rows. */
  teacher_seconds: number;
}

export interface DistillResult {
  /** The distilled model: a DistilledModel (ga2m) or a LinearModel (linear). */
  model: DistilledModel | LinearModel;
  /** Its JSON text, as `whyrec distill --out` writes it (less the final newline). */
  json: string;
  report: DistillReport;
}

/** Distils a model into a self-explaining surrogate on rows, as `whyrec distill` does. */
export function distill(request: DistillRequest): Promise<DistillResult>;

/** Where the engine loads its parts from. */
export interface EngineOptions {
  /** The core's .mjs (default: build/wasm/whyrec_core.mjs). */
  coreUrl?: string | URL;
  /** The core for white-box models, trees and linear (default: coreUrl). */
  whiteBoxCoreUrl?: string | URL;
  /**
   * The core for distilled models, with their predictions and closed form (default: coreUrl;
   * the widget uses build/wasm/whyrec_distilled.mjs).
   */
  distilledCoreUrl?: string | URL;
  /** A core with history jobs (default: coreUrl, or the full core if that one has none). */
  historyCoreUrl?: string | URL;
  /** onnxruntime-web's .mjs. */
  ortUrl?: string | URL;
  /**
   * protobufjs's light build (dist/light/protobuf.min.js), to read ONNX tree ensembles and
   * history models' metadata.
   */
  protobufUrl?: string | URL;
}

/** Where to load the core, onnxruntime-web and protobufjs from; call before first use. */
export function configure(options: EngineOptions): void;

/** configure() for options not chosen yet; a no-op once the first job has started. */
export function configureDefaults(options: EngineOptions): void;

/** Releases ONNX Runtime sessions and, on a page, the worker. */
export function close(): Promise<void>;
