// One ONNX Runtime session with a single [batch, width] float32 input: the model explainers ask.

export class OnnxModel {
  #ort;
  #session;
  #lastRun = Promise.resolve();

  static async load(ort, bytes) {
    return new OnnxModel(ort, await ort.InferenceSession.create(bytes));
  }

  constructor(ort, session) {
    if (session.inputNames.length !== 1) {
      throw new Error(
        `the model has ${session.inputNames.length} inputs (${session.inputNames.join(', ')}); ` +
          'whyrec needs one [batch, features] float32 input',
      );
    }
    const input = session.inputMetadata?.[0];
    if (input?.isTensor && input.type !== 'float32') {
      throw new Error(`the model's input "${input.name}" is ${input.type}; whyrec needs float32`);
    }
    this.#ort = ort;
    this.#session = session;
    this.inputName = session.inputNames[0];
    this.outputNames = [...session.outputNames];
    const widthDim = input?.isTensor ? input.shape.at(-1) : undefined;
    /** Values per input row when the model declares it, otherwise null. */
    this.width = typeof widthDim === 'number' ? widthDim : null;
  }

  /** The output to read: the requested name, or the model's first output. */
  outputName(requested) {
    if (requested === undefined || requested === null) return this.outputNames[0];
    if (!this.outputNames.includes(requested)) {
      throw new Error(
        `the model has no output "${requested}"; its outputs are: ${this.outputNames.join(', ')}`,
      );
    }
    return requested;
  }

  checkWidth(width) {
    if (this.width !== null && this.width !== width) {
      throw new Error(
        `the model's input "${this.inputName}" takes ${this.width} values per row, ` +
          `but the rows given have ${width}`,
      );
    }
  }

  /**
   * Evaluates rows (row-major, `width` values each) and returns the chosen output as float32
   * with its number of values per row. Runs are queued: a session runs one batch at a time.
   */
  run(rows, width, outputName) {
    const result = this.#lastRun.then(() => this.#runNow(rows, width, outputName));
    this.#lastRun = result.catch(() => {});
    return result;
  }

  async #runNow(rows, width, outputName) {
    const rowCount = rows.length / width;
    const feeds = { [this.inputName]: new this.#ort.Tensor('float32', rows, [rowCount, width]) };
    const outputs = await this.#session.run(feeds, [outputName]);
    const { data } = outputs[outputName];
    const values = data instanceof Float32Array ? data : Float32Array.from(data, Number);
    return { values, perRow: rowCount === 0 ? 0 : values.length / rowCount };
  }

  release() {
    return this.#session.release();
  }
}
