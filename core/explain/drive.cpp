#include "core/explain/drive.h"

namespace whyrec {

Explanation Drive(Explainer& explainer, const Evaluate& evaluate) {
  for (RowBatch rows = explainer.next(); rows.rows() > 0; rows = explainer.next()) {
    const RowMatrixF outputs = evaluate(ConstMatrixView(rows.data(), rows.rows(), rows.cols()));
    explainer.tell(ConstMatrixView(outputs.data(), outputs.rows(), outputs.cols()));
  }
  return explainer.result();
}

}  // namespace whyrec
