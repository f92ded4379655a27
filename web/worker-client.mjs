// The page's side of worker.mjs: one lazily started module Worker, requests matched to replies by
// id, progress routed to the caller that asked.

export class WorkerClient {
  #createWorker;
  #name;
  #worker = null;
  #nextId = 1;
  #pending = new Map();

  /** createWorker() returns a new Worker running worker.mjs; errors name its script `name`. */
  constructor(createWorker, name) {
    this.#createWorker = createWorker;
    this.#name = name;
  }

  /**
   * Resolves to the worker's result. When `signal` aborts, rejects at once with its reason and
   * asks the worker to stop the request.
   */
  call(action, request, onProgress, signal) {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const worker = this.#started();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, onProgress });
      worker.postMessage({ id, action, request });
      signal?.addEventListener(
        'abort',
        () => {
          if (!this.#pending.delete(id)) return;
          worker.postMessage({ id: this.#nextId++, action: 'cancel', request: { id } });
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Starts the worker now rather than at the first call; returns this client. */
  start() {
    this.#started();
    return this;
  }

  /** Ends the worker; the next call starts a new one. */
  async close() {
    if (!this.#worker) return;
    await this.call('close');
    this.#worker.terminate();
    this.#worker = null;
  }

  #started() {
    if (this.#worker) return this.#worker;
    const worker = this.#createWorker();
    worker.addEventListener('message', (event) => this.#receive(event.data));
    // A worker that fails to load or crashes answers nothing more: fail what it owed and start
    // afresh on the next call.
    worker.addEventListener('error', (event) => {
      event.preventDefault?.();
      // A script that fails to load gives an event without a message.
      const why = event.message ?? `could not load ${this.#name ?? 'its script'}`;
      this.#failAll(new Error(`whyrec worker failed: ${why}`));
      worker.terminate();
      if (this.#worker === worker) this.#worker = null;
    });
    this.#worker = worker;
    return worker;
  }

  #receive({ id, result, error, name, progress }) {
    const call = this.#pending.get(id);
    if (!call) return;
    if (progress !== undefined) {
      call.onProgress?.(progress);
      return;
    }
    this.#pending.delete(id);
    if (error !== undefined) {
      call.reject(name === 'AbortError' ? new DOMException(error, 'AbortError') : new Error(error));
    } else call.resolve(result);
  }

  #failAll(error) {
    for (const call of this.#pending.values()) call.reject(error);
    this.#pending.clear();
  }
}
