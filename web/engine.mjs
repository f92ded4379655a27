// The engine runs explanations where it is loaded (a Worker, Node): it validates the request,
// asks the WebAssembly core for rows, answers with ONNX Runtime Web, and returns the core's
// explanation. It knows nothing about messages or pages.
import { runJob } from './ask-tell.mjs';
import { defaultCoreUrl, loadCore } from './core.mjs';
import { readBytes } from './environment.mjs';
import { ExplainerCache } from './explainer-cache.mjs';
import { concatExplanations } from './explanation.mjs';
import {
  explainConfig,
  featureNamesFor,
  firstRowWidth,
  instanceRows,
  toMatrix,
} from './inputs.mjs';
import { isBytes } from './model-kinds.mjs';
import { asUint8Array, resolveModel } from './models.mjs';

export function createEngine(options) {
  return new Engine(options);
}

export class Engine {
  #coreUrl;
  #whiteBoxCoreUrl;
  #distilledCoreUrl;
  #ortUrl;
  #protobufUrl;
  #historyCoreUrl;
  #cores = new Map();
  #ort;
  // One session per model, created once: creating one compiles ONNX Runtime's wasm and the graph.
  #modelsByName = new Map();
  #modelsByBytes = new WeakMap();
  #openModels = new Set();
  // Models read (parsed, ONNX tree ensembles decoded) by source, and tree explainers built.
  #readModels = new Map();
  #treeExplainers = new ExplainerCache(8);

  /** Where the parts load from: EngineOptions in whyrec.d.ts. */
  constructor(options = {}) {
    const { coreUrl, whiteBoxCoreUrl, distilledCoreUrl, historyCoreUrl, ortUrl, protobufUrl } =
      options;
    this.#coreUrl = coreUrl;
    this.#distilledCoreUrl = distilledCoreUrl;
    this.#historyCoreUrl = historyCoreUrl;
    this.#whiteBoxCoreUrl = whiteBoxCoreUrl;
    this.#ortUrl = ortUrl;
    this.#protobufUrl = protobufUrl;
  }

  // explain() and predict(): whyrec.d.ts. onProgress is called after every batch of model
  // evaluations; `signal` is checked before each.
  async explain(request, onProgress, signal) {
    if (request.contrast !== undefined) {
      return this.#analysis('contrast', request, onProgress, signal);
    }
    const model = await this.#readModel(request);
    const method = methodFor(request.method, model);
    const onnx = await this.#runnable(model, request.modelKey);
    const rows = instanceRows(request);
    const names = featureNamesFor(
      request.featureNames ?? model.spec?.feature_names ?? treeModelNames(model),
      firstRowWidth(rows) ?? onnx?.width ?? model.width,
    );
    onnx?.checkWidth(names.length);
    const instances = toMatrix(rows, names, 'instance', request.missing);
    if (instances.length === 0) throw new Error('there are no instances to explain');
    const background = toMatrix(request.background, names, 'background', request.missing);
    if (background.length === 0) {
      throw new Error('the background is empty: give at least one reference row');
    }
    const output = onnx ? onnx.outputName(request.output) : request.output;
    const config = explainConfig(request, names, output);

    const closedForm = onnx?.explain?.(request.method, config, instances, background);
    if (closedForm) return closedForm;
    const width = names.length;
    if (!onnx) {
      const core = await this.#whiteBoxCore(model, request.settings?.interactions);
      if (model.kind === 'linear') {
        return linearShap(core, model, config, instances, width, background);
      }
      const build = () => treeExplainer(core, model, config, background);
      const source = modelSource(request);
      const explainer =
        source === null
          ? build()
          : this.#treeExplainers.get(`${source}\n${config}`, background, build);
      try {
        return explainer.explainArrays
          ? (await import('./explanation-arrays.mjs')).fromArrays(
              explainer.explainArrays(instances),
            )
          : JSON.parse(explainer.explainJson(instances));
      } finally {
        if (source === null) explainer.delete();
      }
    }
    const core = await this.#loadCore();
    const count = instances.length / width;
    const explanations = [];
    let rowsEvaluated = 0;
    for (let i = 0; i < count; i++) {
      signal?.throwIfAborted();
      const instance = instances.subarray(i * width, (i + 1) * width);
      const job = core.createJob(method, config, instance, background);
      const answer = (batch) => onnx.run(batch, width, output);
      const report = (batchRows) => {
        rowsEvaluated += batchRows;
        onProgress?.({ rowsEvaluated, instancesDone: i, instances: count });
      };
      explanations.push(await runJob(job, answer, report, signal));
    }
    return concatExplanations(explanations);
  }

  // An ONNX model's global importance, deletion and insertion curves and feature counterfactuals
  // (the CLI's importance, curves, counterfactual): analysis/jobs.mjs, loaded on first use (never
  // by the widget).
  importance(request, onProgress, signal) {
    return this.#analysis('importance', request, onProgress, signal);
  }

  curves(request, onProgress, signal) {
    return this.#analysis('curves', request, onProgress, signal);
  }

  counterfactual(request, onProgress, signal) {
    return this.#analysis('counterfactual', request, onProgress, signal);
  }

  async #analysis(name, request, onProgress, signal) {
    const jobs = await import('./analysis/jobs.mjs');
    const context = {
      engine: this,
      inputs: (r) => this.#globalInputs(r),
      core: (url) => this.#loadCore(url),
      model: (r) => this.#readModel(r),
      runnable: (model, key) => this.#runnable(model, key),
      namesOf: (model) => model.spec?.feature_names ?? treeModelNames(model),
    };
    return jobs[name](context, request, onProgress, signal);
  }

  // A self-explaining surrogate of the model (`whyrec distill`): analysis/distill.mjs.
  distill(request) {
    return this.#analysis('distill', request);
  }

  // The ONNX model, feature names, rows and output name of an importance, curves or
  // counterfactual request.
  async #globalInputs(request) {
    const model = await resolveModel(request.model);
    if (model.kind !== 'onnx') {
      throw new Error('importance, curves and counterfactual evaluate ONNX models only');
    }
    const onnx = await this.#onnxModel(model.source, request.modelKey);
    const names = featureNamesFor(request.featureNames, onnx.width ?? firstRowWidth(request.rows));
    onnx.checkWidth(names.length);
    const rows = toMatrix(request.rows, names, 'rows', request.missing);
    return { onnx, names, rows, output: onnx.outputName(request.output) };
  }

  async predict(request) {
    const onnx = await this.#runnable(await this.#readModel(request), request.modelKey);
    if (!onnx) throw new Error('predict evaluates ONNX and distilled models only');
    const names = featureNamesFor(request.featureNames, onnx.width ?? firstRowWidth(request.rows));
    onnx.checkWidth(names.length);
    const rows = toMatrix(request.rows, names, 'rows');
    const output = onnx.outputName(request.output);
    if (rows.length === 0) return new Float32Array(0);
    const { values, perRow } = await onnx.run(rows, names.length, output);
    if (perRow === 1) return values;
    return Array.from({ length: values.length / perRow }, (_, i) =>
      Array.from(values.subarray(i * perRow, (i + 1) * perRow)),
    );
  }

  // History requests (history/engine-jobs.mjs), loaded on first use like the analysis jobs.
  explainHistory(request, onProgress, signal) {
    return this.#history('explainHistory', request, onProgress, signal);
  }

  historyCurves(request, onProgress, signal) {
    return this.#history('historyCurves', request, onProgress, signal);
  }

  recommend(request) {
    return this.#history('recommend', request);
  }

  readHistories(request) {
    return this.#history('readHistories', request);
  }

  // The core for history jobs (historyCoreUrl) or, core(true), for distilled item-to-item models
  // (distilledCoreUrl); else coreUrl, else (when that core lacks them: the widget's) the full core.
  async #history(name, ...args) {
    const jobs = await import('./history/engine-jobs.mjs');
    const core = async (distilled) => {
      const url = distilled ? this.#distilledCoreUrl : this.#historyCoreUrl;
      const core = await this.#loadCore(url ?? this.#coreUrl);
      const has = distilled ? core.itemToItemExplain : core.createHistoryJob;
      return has ? core : this.#loadCore(defaultCoreUrl);
    };
    const context = {
      core,
      sessionOf: (...model) => this.#sessionOf(...model),
      // Read as no tree method reads it: an ONNX file is not opened.
      readModel: (request) => this.#readModel({ ...request, method: 'history' }),
    };
    return jobs[name](context, ...args);
  }

  /** Releases every ONNX Runtime session and kept explainer; the engine can still be used. */
  async close() {
    this.#treeExplainers.clear();
    this.#readModels.clear();
    const models = [...this.#openModels];
    this.#openModels.clear();
    this.#modelsByName.clear();
    this.#modelsByBytes = new WeakMap();
    // Models that failed to load have nothing to release.
    await Promise.all(
      models.map((model) =>
        model.then(
          (loaded) => loaded.release(),
          () => {},
        ),
      ),
    );
  }

  // A model named by URL, path, JSON text or bytes key is read once, and an ONNX file read as trees
  // once more: a page of widgets names the same model in every request, and a page that warms
  // the model up with predict (the storefront) names it in one more.
  #readModel(request) {
    const source = modelSource(request);
    const once = (key, read) => {
      if (source === null) return read();
      if (!this.#readModels.has(key)) {
        const model = read();
        this.#readModels.set(key, model);
        model.catch(() => this.#readModels.delete(key));
      }
      return this.#readModels.get(key);
    };
    const model = once(`model\n${source}`, () => resolveModel(request.model));
    if (!readsTrees(request.method)) return model;
    return once(`trees\n${source}`, async () => this.#asTrees(await model, request.method));
  }

  // An ONNX file whose input goes into a tree ensemble is read as trees with method "tree", or
  // "auto" as the CLI does. Only files that name the op are decoded: other models never load
  // the decoder.
  async #asTrees(model, method) {
    if (model.kind !== 'onnx' || !readsTrees(method)) return model;
    const { source } = model;
    const bytes = typeof source === 'string' ? await readBytes(source) : asUint8Array(source);
    if (!new TextDecoder('latin1').decode(bytes).includes('TreeEnsemble')) return model;
    const { onnxTreeEnsemble } = await import('./onnx-trees.mjs');
    const trees = await onnxTreeEnsemble(bytes, this.#protobufUrl);
    return trees ? { kind: 'onnx-trees', ...trees } : model;
  }

  // whiteBoxCoreUrl, else coreUrl; the full core (coreUrl's, else the default) for what the
  // widget's white-box core leaves out: LightGBM, distilled trees, interaction values.
  async #whiteBoxCore(model, interactions) {
    const core = whiteBoxCore(await this.#loadCore(this.#whiteBoxCoreUrl ?? this.#coreUrl));
    if (core.fullTreeCore || (model.kind in smallTreeCoreReads && !interactions)) return core;
    const configured = await this.#loadCore();
    return whiteBoxCore(
      configured.fullTreeCore ? configured : await this.#loadCore(defaultCoreUrl),
    );
  }

  #loadCore(url = this.#coreUrl) {
    const key = url === undefined ? '' : String(url);
    if (!this.#cores.has(key)) {
      // A failed load is forgotten so that a later call (say, after the core is built) retries.
      const core = loadCore(url).catch((error) => {
        this.#cores.delete(key);
        throw error;
      });
      this.#cores.set(key, core);
    }
    return this.#cores.get(key);
  }

  // What evaluates the model's rows: an ONNX session, or a distilled model in its core (its code
  // loaded only then); null for the other white-box models.
  async #runnable(model, modelKey) {
    if (model.kind === 'onnx') return this.#onnxModel(model.source, modelKey);
    if (model.kind === 'distilled-history') throw new Error('use explainHistory for this model');
    if (model.kind !== 'distilled') return null;
    const [{ DistilledModel }, core] = await Promise.all([
      import('./distilled/model.mjs'),
      this.#loadCore(this.#distilledCoreUrl ?? this.#coreUrl),
    ]);
    return new DistilledModel(core, model.spec);
  }

  // Sessions are cached by URL or path, by the bytes object, or by a caller's key for bytes
  // that arrive as a fresh copy each time (as they do through a Worker).
  // The ONNX modules load with the first ONNX model, not with the engine: a page of white-box or
  // distilled models waits on two requests less.
  async #onnxModel(source, modelKey) {
    const { OnnxModel } = await import('./onnx-model.mjs');
    return this.#sessionOf(OnnxModel, source, modelKey);
  }

  // A session of one kind of model (OnnxModel, HistoryModel, EmbeddingsModel), cached per kind.
  #sessionOf(Kind, source, modelKey) {
    if (!isBytes(source) && typeof source !== 'string') {
      throw new Error('`model` must be an ONNX file: a URL, a path or its bytes');
    }
    const byName = typeof source === 'string' || modelKey !== undefined;
    const cache = byName ? this.#modelsByName : this.#modelsByBytes;
    const key = modelKey !== undefined ? `key:${modelKey}` : source;
    if (!cache.has(key)) cache.set(key, new Map());
    const kinds = cache.get(key);
    let model = kinds.get(Kind);
    if (!model) {
      model = this.#loadOnnxModel(Kind, source);
      kinds.set(Kind, model);
      this.#openModels.add(model);
      model.catch(() => {
        kinds.delete(Kind);
        this.#openModels.delete(model);
      });
    }
    return model;
  }

  async #loadOnnxModel(Kind, source) {
    this.#ort ??= import('./onnx-runtime.mjs')
      .then(({ loadOnnxRuntime }) => loadOnnxRuntime(this.#ortUrl))
      .catch((error) => {
        this.#ort = undefined;
        throw error;
      });
    const bytes = typeof source === 'string' ? await readBytes(source) : asUint8Array(source);
    const ort = await this.#ort;
    try {
      return await Kind.load(ort, bytes, this.#protobufUrl);
    } catch (error) {
      // ONNX Runtime's message names no file, and may be empty.
      const name = typeof source === 'string' ? source : 'given as bytes';
      const reason = error?.message || String(error) || 'no reason given';
      throw new Error(`could not read the ONNX model ${name}: ${reason}`);
    }
  }
}

// Models given by URL, path, JSON text or keyed bytes are the same model each time; objects and
// unkeyed bytes may not be (null).
function modelSource(request) {
  return request.modelKey ?? (typeof request.model === 'string' ? request.model : null);
}

function readsTrees(method) {
  return method === 'tree' || method === 'auto';
}

function whiteBoxCore(core) {
  if (!core.createTreeExplainer || !core.linearShap) {
    throw new Error(
      "this WebAssembly core has no white-box models (the widget's Shapley-only core?): " +
        'configure whiteBoxCoreUrl with build/wasm/whyrec_white_box.mjs or whyrec_core.mjs',
    );
  }
  return core;
}

function linearShap(core, model, config, instances, width, background) {
  const spec = JSON.stringify(model.spec);
  const explanations = [];
  for (let i = 0; i < instances.length; i += width) {
    const instance = instances.subarray(i, i + width);
    explanations.push(JSON.parse(core.linearShap(spec, config, instance, background)));
  }
  return concatExplanations(explanations);
}

// TreeSHAP reads the trees: the core parses and tabulates them once for all instances.
// What the widget's white-box core reads; other tree models need the full core.
const smallTreeCoreReads = { xgboost: true, 'onnx-trees': true, linear: true };

function treeExplainer(core, model, config, background) {
  if (model.kind === 'onnx-trees') {
    return core.createOnnxTreeExplainer(model.attributes, config, background);
  }
  const text = model.text ?? JSON.stringify(model.spec);
  return core.createTreeExplainer(text, config, background);
}

function treeModelNames(model) {
  const names =
    model.featureNames ?? model.spec?.learner?.feature_names ?? model.spec?.feature_names;
  return names?.length ? names : undefined;
}

// Model-agnostic methods evaluate an ONNX model; white-box "linear" reads a linear model and
// "tree" an XGBoost or LightGBM model, a distilled tree or rule list or an ONNX tree ensemble.
function methodFor(requested, model) {
  // auto: a white-box model's closed form; otherwise the core picks exact or kernel by budget.
  const whiteBox = {
    xgboost: 'tree',
    lightgbm: 'tree',
    'onnx-trees': 'tree',
    'distilled-tree': 'tree',
    linear: 'linear',
  }[model.kind];
  const method = requested === 'auto' && whiteBox ? whiteBox : requested;
  const chosen = method ?? (model.kind === 'linear' ? 'linear' : 'exact');
  // Models that JS does not evaluate: their trees are all there is to explain.
  const readOnly = {
    xgboost: 'an XGBoost',
    lightgbm: 'a LightGBM',
    'distilled-tree': `a distilled ${model.spec?.family}`,
  }[model.kind];
  const trees = readOnly || model.kind === 'onnx-trees';
  if (readOnly || chosen === 'tree') {
    if ((method ?? 'tree') !== 'tree' || !trees) {
      throw new Error(
        trees
          ? `${readOnly} model is explained with method "tree", not "${method}"`
          : 'method "tree" needs an XGBoost JSON model (save_model("m.json")), a LightGBM ' +
              'model.txt, a distilled tree or rule list or an ONNX tree ensemble ' +
              '(TreeEnsembleRegressor/Classifier reading the model input)',
      );
    }
    return 'tree';
  }
  if (typeof chosen !== 'string') throw new Error('`method` must be a string');
  if ((chosen === 'linear') !== (model.kind === 'linear')) {
    throw new Error(
      chosen === 'linear'
        ? 'method "linear" needs a linear model ({ type: "linear", … })'
        : `method "${chosen}" evaluates an ONNX model; explain linear models with method "linear"`,
    );
  }
  return chosen;
}
