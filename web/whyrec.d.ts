// Type declarations for whyrec's JavaScript API (web/whyrec.mjs).

/** A row of feature values, in the order of the feature names. */
export type Row = ArrayLike<number>;

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
 * An ONNX model with one [batch, features] float32 input (a URL or, in Node, a path to the
 * .onnx file, or its bytes), or a linear model or an XGBoost save_model() JSON (an object, its
 * JSON text, or the URL or path of its .json file).
 */
export type Model = string | ArrayBuffer | Uint8Array | LinearModel | { learner: object };

/** Methods of the core: the error for an unknown one lists those a build has. */
export type Method =
  'exact' | 'linear' | 'tree' | 'kernel' | 'permutation' | 'lime' | 'anchors' | (string & {});

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
   * Default: 'linear' for linear models, 'tree' for XGBoost models (settings: tree_mode 'path' or
   * 'interventional', interactions true for interaction_values), 'exact' otherwise.
   */
  method?: Method;
  /** The ONNX output to explain, by name (default: the model's first output). */
  output?: string;
  /** Most rows the core asks ONNX Runtime to evaluate at once. */
  maxBatchRows?: number;
  /** Method settings passed to the core as they are, e.g. { budget: 2048, seed: 7 }. */
  settings?: Record<string, unknown>;
  onProgress?: (progress: Progress) => void;
  /** Cancels the job: the promise rejects with an AbortError and the work stops. */
  signal?: AbortSignal;
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

/** One value per row as a Float32Array, or one array per row when an output has several. */
export function predict(request: PredictRequest): Promise<Float32Array | number[][]>;

/** Where to load the core's .mjs and onnxruntime-web's .mjs from; call before first use. */
export function configure(options: { coreUrl?: string | URL; ortUrl?: string | URL }): void;

/** configure() for options not chosen yet; a no-op once the first job has started. */
export function configureDefaults(options: { coreUrl?: string | URL; ortUrl?: string | URL }): void;

/** Releases ONNX Runtime sessions and, on a page, the worker. */
export function close(): Promise<void>;
