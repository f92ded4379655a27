#pragma once

#include "core/explain/explanation.h"
#include "core/matrix.h"

namespace whyrec {

// An explainer never calls a model: it asks for rows and is told the outputs, so the same
// algorithm runs against ONNX Runtime Web (asynchronous, in another module), a native model,
// or a lambda in a test.
class Explainer {
 public:
  virtual ~Explainer() = default;
  // Rows the explainer needs evaluated next (n x d). Empty when it has everything it needs.
  virtual RowBatch next() = 0;
  // Model outputs (n x k) for the rows of the last next().
  virtual void tell(ConstMatrixView outputs) = 0;
  virtual Explanation result() const = 0;
};

}  // namespace whyrec
