// Drives one job of the core: it asks for rows, the model answers, until it needs nothing more.
// Then the job is freed, whatever happened.

/**
 * answer(rows) resolves to { values, perRow }: the model's outputs for the rows (row-major
 * float32). afterBatch(rowCount) is called once per answered batch. Resolves to the explanation.
 */
export async function runJob(job, answer, afterBatch) {
  try {
    const width = job.width();
    // next() returns a view into the core's memory, which the next call into the core may move:
    // copy it before anything else runs.
    for (let asked = job.next(); asked.length; asked = job.next()) {
      const rows = asked.slice();
      const { values, perRow } = await answer(rows);
      job.tell(values, perRow);
      afterBatch(rows.length / width);
    }
    return JSON.parse(job.resultJson());
  } finally {
    job.delete();
  }
}
