// The form of a history model that reads item embeddings instead of ids, for gradient methods:
// a float32 input [batch, L, d] and the ids [batch, L] beside it (for the padding mask), the
// same item scores out.
import { asRows } from './history-model.mjs';

export class EmbeddingsModel {
  #ort;
  #session;

  static async load(ort, bytes) {
    return new EmbeddingsModel(ort, await ort.InferenceSession.create(bytes));
  }

  constructor(ort, session) {
    const inputs = session.inputMetadata ?? [];
    const embeddings = inputs.find((i) => i.isTensor && i.type === 'float32');
    const ids = inputs.find((i) => i.isTensor && i.type === 'int64');
    if (!embeddings || !ids || inputs.length !== 2) {
      throw new Error(
        'the embeddings model must have two inputs, float32 embeddings [batch, L, d] and int64 ' +
          `ids [batch, L]; it has: ${session.inputNames.join(', ')}`,
      );
    }
    this.#ort = ort;
    this.#session = session;
    this.embeddingsName = embeddings.name;
    this.idsName = ids.name;
    this.scoresName = session.outputNames.includes('scores') ? 'scores' : session.outputNames[0];
  }

  /** Scores of `embeddings` rows (rows x L x dim floats), every row with the same L ids. */
  async scores(embeddings, ids, dim) {
    const length = ids.length;
    const rows = embeddings.length / (length * dim);
    const tiled = new BigInt64Array(rows * length);
    for (let r = 0; r < rows; r++) {
      for (let p = 0; p < length; p++) tiled[r * length + p] = BigInt(ids[p]);
    }
    const feeds = {
      [this.embeddingsName]: new this.#ort.Tensor('float32', embeddings, [rows, length, dim]),
      [this.idsName]: new this.#ort.Tensor('int64', tiled, [rows, length]),
    };
    const outputs = await this.#session.run(feeds, [this.scoresName]);
    return asRows(outputs[this.scoresName], rows);
  }

  release() {
    return this.#session.release();
  }
}
