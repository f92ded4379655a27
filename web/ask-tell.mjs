// Drives one job of the core: it asks for rows, the model answers, until it needs nothing more.
// Then the job is freed, whatever happened.

/**
 * answer(rows) resolves to { values, perRow }: the model's outputs for the rows (row-major
 * float32). afterBatch(rowCount) is called once per answered batch. Resolves to the explanation;
 * rejects with the signal's reason when `signal` aborts (checked between batches).
 */
export async function runJob(job, answer, afterBatch, signal) {
  try {
    const width = job.width();
    // next() returns a view into the core's memory, which the next call into the core may move:
    // copy it before anything else runs.
    for (let asked = job.next(); asked.length; asked = job.next()) {
      signal?.throwIfAborted();
      const rows = asked.slice();
      const { values, perRow } = await answer(rows);
      job.tell(values, perRow);
      afterBatch(rows.length / width);
      // A model that answers in microtasks would keep a worker from ever reading the message
      // that cancels the job: give the event loop a turn between batches.
      if (signal) await nextTask();
    }
    return JSON.parse(job.resultJson());
  } finally {
    job.delete();
  }
}

// A new task, after the events already queued. Not setTimeout: browsers clamp nested timeouts to
// 4 ms, which over a job's batches more than doubled the demo's explanation time.
const nextTask = globalThis.setImmediate
  ? () => new Promise((resolve) => setImmediate(resolve))
  : postedTask();

function postedTask() {
  const channel = new MessageChannel();
  const waiting = [];
  channel.port1.onmessage = () => waiting.shift()();
  return () =>
    new Promise((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(null);
    });
}
