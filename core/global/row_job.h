#pragma once

#include "core/explain/drive.h"

namespace whyrec {

// Global methods ask for rows and are told outputs like explainers do, but each returns its own
// result type: this is their ask/tell loop.
template <typename Job>
auto RunRowJob(Job& job, const Evaluate& evaluate) {
  for (RowBatch rows = job.next(); rows.rows() > 0; rows = job.next()) {
    const RowMatrixF outputs = evaluate(ConstMatrixView(rows.data(), rows.rows(), rows.cols()));
    job.tell(ConstMatrixView(outputs.data(), outputs.rows(), outputs.cols()));
  }
  return job.result();
}

}  // namespace whyrec
