// Runs one job of the core against an ONNX model: the analysis jobs' (importance, curves,
// counterfactuals, pairwise probabilities) common step. onProgress({ rowsEvaluated }) after each
// batch; `signal` as for explain().
import { runJob } from '../ask-tell.mjs';

export function runModelJob(job, onnx, output, onProgress, signal) {
  const width = job.width();
  let rowsEvaluated = 0;
  const answer = (batch) => onnx.run(batch, width, output);
  const report = (batchRows) => {
    rowsEvaluated += batchRows;
    onProgress?.({ rowsEvaluated });
  };
  return runJob(job, answer, report, signal);
}
