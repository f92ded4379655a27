// A distilled model (`whyrec distill`'s GA2M, README "Distilled models") in a WebAssembly core that
// has its bindings (the widget's whyrec_distilled or the full core). It answers the engine as an
// ONNX session does (width, outputName, checkWidth, run), so that every model-agnostic method
// explains it, and explains its first output itself, exactly, in closed form.

// The JSON text of each model spec, written once: the engine makes a DistilledModel per job, and
// the demo's GA2M (213 KB) took about 3 ms a job to write in Node.
const texts = new WeakMap();

export class DistilledModel {
  #core;
  #text;

  constructor(core, spec) {
    if (!core.distilledShapley) {
      throw new Error(
        'this WebAssembly core has no distilled models: configure distilledCoreUrl with ' +
          'build/wasm/whyrec_distilled.mjs or whyrec_core.mjs',
      );
    }
    this.#core = core;
    if (!texts.has(spec)) texts.set(spec, JSON.stringify(spec));
    this.#text = texts.get(spec);
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
    return { values: this.#core.distilledPredict(this.#text, rows, output), perRow: 1 };
  }

  /**
   * The requested method "auto", "additive" or none, of the first output (the margin or the
   * prediction): exact interventional Shapley values against the background, in closed form.
   * Otherwise null: the engine runs the method's job on the model's outputs.
   */
  explain(method, config, instances, background) {
    if (![undefined, 'auto', 'additive'].includes(method)) return null;
    if (JSON.parse(config).output !== this.outputNames[0]) return null;
    return JSON.parse(this.#core.distilledShapley(this.#text, config, instances, background));
  }
}
