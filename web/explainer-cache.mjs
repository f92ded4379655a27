// Core objects that are costly to build (a tree explainer parses and tabulates its model: tens of
// milliseconds), kept for the requests that would build the same one again, as a page of widgets
// explaining one model does. Beyond `limit`, the least recently used is deleted from the core.
export class ExplainerCache {
  #limit;
  #entries = new Map(); // key -> { rows, explainer }, least recently used first

  constructor(limit) {
    this.#limit = limit;
  }

  /**
   * The explainer kept under `key` when it was built from the same `rows` (the background),
   * otherwise build()'s, kept in its place.
   */
  get(key, rows, build) {
    const entry = this.#entries.get(key);
    this.#entries.delete(key);
    if (entry && sameValues(entry.rows, rows)) {
      this.#entries.set(key, entry);
      return entry.explainer;
    }
    entry?.explainer.delete();
    const explainer = build();
    this.#entries.set(key, { rows: rows.slice(), explainer });
    for (const [oldest, { explainer: old }] of this.#entries) {
      if (this.#entries.size <= this.#limit) break;
      old.delete();
      this.#entries.delete(oldest);
    }
    return explainer;
  }

  /** Deletes every kept explainer from the core. */
  clear() {
    for (const { explainer } of this.#entries.values()) explainer.delete();
    this.#entries.clear();
  }
}

function sameValues(a, b) {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}
