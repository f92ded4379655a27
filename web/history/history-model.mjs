// One ONNX Runtime session of a model that reads histories: an int64 input [batch, L] of item
// ids, item scores [batch, items] out (column j = item j), optionally attention weights and the
// history's embeddings as further outputs. Its layout (L, padding, mask id) comes from the
// request, else from the file's metadata_props (whyrec.*), else from the input's shape.

export class HistoryModel {
  #ort;
  #session;
  #lastRun = Promise.resolve();
  #itemCount;

  static async load(ort, bytes, protobufUrl) {
    // Imported here, not with the module: the history jobs, which distilled history models also
    // run, then load in one request (tests/js/module-graph.test.mjs).
    const { decodeOnnxModel } = await import('../onnx-proto.mjs');
    const { metadata_props: props = [] } = await decodeOnnxModel(bytes, protobufUrl);
    const metadata = Object.fromEntries(props.map(({ key, value }) => [key, value]));
    return new HistoryModel(ort, await ort.InferenceSession.create(bytes), metadata);
  }

  constructor(ort, session, metadata) {
    const input = session.inputMetadata?.find((i) => i.isTensor && i.type === 'int64');
    if (!input) {
      throw new Error(
        `the model has no int64 input of item ids (its inputs: ${session.inputNames.join(', ')}); ` +
          'a history model reads [batch, L] int64 ids',
      );
    }
    this.#ort = ort;
    this.#session = session;
    this.inputName = input.name;
    this.outputNames = [...session.outputNames];
    this.scoresName = this.outputNames.includes('scores') ? 'scores' : this.outputNames[0];
    // In layer order: digit runs compare as numbers (attention_2 before attention_10), as the CLI
    // orders them.
    this.attentionNames = this.outputNames
      .filter((name) => /^attention/.test(name))
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    this.metadata = metadata;
    const declared = Number(metadata['whyrec.history_length']);
    const shaped = input.shape.at(-1);
    /** L, when the file declares it or fixes the input's shape; otherwise null. */
    this.historyLength = declared > 0 ? declared : typeof shaped === 'number' ? shaped : null;
  }

  /** The layout settings the core reads, the request's own choices first. */
  layout(request) {
    const meta = (key) => {
      const value = this.metadata[`whyrec.${key}`];
      return value === undefined ? undefined : key === 'pad_side' ? value : Number(value);
    };
    const length = request.historyLength ?? this.historyLength;
    if (!length) {
      throw new Error(
        "the model's history length is unknown: give historyLength, or fix the input's shape",
      );
    }
    return {
      history_length: length,
      pad_id: request.padId ?? meta('pad_id'),
      pad_side: request.padSide ?? meta('pad_side'),
      mask_id: request.maskId ?? meta('mask_id'),
      absence: request.absence,
    };
  }

  /**
   * How many items the model scores (its scores' width): from the output's shape when fixed,
   * else from one run on an all-padding history of `length` ids; read once.
   */
  itemCount(length, padId = 0) {
    const declared = this.#session.outputMetadata?.find((o) => o.name === this.scoresName);
    const width = declared?.isTensor ? declared.shape.at(-1) : undefined;
    if (typeof width === 'number' && width > 0) return Promise.resolve(width);
    this.#itemCount ??= this.scores(new Int32Array(length).fill(padId), 1).then((s) => s.perRow);
    return this.#itemCount;
  }

  /** Scores of `rows` histories (Int32Array, rows x L ids): { values, perRow }. */
  scores(ids, rows) {
    return this.#queue(async () => {
      const outputs = await this.#session.run(this.#feeds(ids, rows), [this.scoresName]);
      return asRows(outputs[this.scoresName], rows);
    });
  }

  /** Every output for `rows` histories, by name: { name: { values, dims } }. */
  all(ids, rows) {
    return this.#queue(async () => {
      const outputs = await this.#session.run(this.#feeds(ids, rows));
      return Object.fromEntries(
        Object.entries(outputs).map(([name, t]) => [name, { values: floats(t), dims: t.dims }]),
      );
    });
  }

  #feeds(ids, rows) {
    const length = ids.length / rows;
    const tensor = new this.#ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [rows, length]);
    return { [this.inputName]: tensor };
  }

  // A session runs one batch at a time.
  #queue(run) {
    const result = this.#lastRun.then(run);
    this.#lastRun = result.catch(() => {});
    return result;
  }

  release() {
    return this.#session.release();
  }
}

function floats(tensor) {
  const { data } = tensor;
  return data instanceof Float32Array ? data : Float32Array.from(data, Number);
}

export function asRows(tensor, rows) {
  const values = floats(tensor);
  return { values, perRow: rows === 0 ? 0 : values.length / rows };
}
