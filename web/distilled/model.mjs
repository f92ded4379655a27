// A distilled model (`whyrec distill`'s GA2M, README "Distilled models") in a WebAssembly core that
// has its bindings (the widget's whyrec_distilled or the full core). It answers the engine as an
// ONNX session does (width, outputName, checkWidth, run), so that every model-agnostic method
// explains it, and explains its first output itself, exactly, in closed form.

// The spec each core holds (distilledLoad): a core holds one model, loaded again when a call
// needs another. Loading reads the parsed spec's numbers, no JSON text: 23-40 ms for the demo's
// in a cold widget's worker, where reading its text took 130-180 ms.
const loadedSpecs = new WeakMap();

export class DistilledModel {
  #core;
  #spec;

  constructor(core, spec) {
    if (!core.distilledShapley) {
      throw new Error(
        'this WebAssembly core has no distilled models: configure distilledCoreUrl with ' +
          'build/wasm/whyrec_distilled.mjs or whyrec_core.mjs',
      );
    }
    this.#core = core;
    this.#spec = spec;
    this.width = Array.isArray(spec.feature_names) ? spec.feature_names.length : null;
    this.outputNames = spec.link === 'logit' ? ['margin', 'prob'] : ['prediction'];
  }

  outputName(requested) {
    if (requested === undefined || requested === null) return this.outputNames[0];
    if (!this.outputNames.includes(requested)) {
      throw new Error(
        `the distilled model has no output "${requested}"; its outputs are: ` +
          this.outputNames.join(', '),
      );
    }
    return requested;
  }

  checkWidth(width) {
    if (this.width !== null && this.width !== width) {
      throw new Error(`the distilled model takes ${this.width} features, the rows given ${width}`);
    }
  }

  /** The output's values on rows (row-major, `width` values each), one per row. */
  async run(rows, width, outputName) {
    this.checkWidth(width);
    const output = this.outputNames.indexOf(outputName);
    return { values: this.#loaded().distilledPredict(rows, output), perRow: 1 };
  }

  /**
   * The requested method "auto", "additive" or none, of the first output (the margin or the
   * prediction): exact interventional Shapley values against the background, in closed form.
   * Otherwise null: the engine runs the method's job on the model's outputs.
   */
  explain(method, config, instances, background) {
    if (![undefined, 'auto', 'additive'].includes(method)) return null;
    if (JSON.parse(config).output !== this.outputNames[0]) return null;
    return JSON.parse(this.#loaded().distilledShapley(config, instances, background));
  }

  #loaded() {
    if (loadedSpecs.get(this.#core) !== this.#spec) {
      loadedSpecs.delete(this.#core);
      this.#core.distilledLoad(this.#spec);
      loadedSpecs.set(this.#core, this.#spec);
    }
    return this.#core;
  }
}
