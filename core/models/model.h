#pragma once

#include <string>
#include <vector>

#include "core/matrix.h"

namespace whyrec {

// A model the native side can evaluate in-process. Explainers never see it: drivers evaluate
// the rows an explainer asks for and tell it the outputs.
class Model {
 public:
  virtual ~Model() = default;
  // Number of input columns, or -1 when the model accepts any width.
  virtual int input_width() const = 0;
  virtual std::vector<std::string> output_names() const = 0;
  // Evaluates rows (n x d) and returns output `output` as n x k.
  virtual RowMatrixF Predict(ConstMatrixView rows, int output) = 0;
};

// Index of the output called `name`; the first output when `name` is empty. Throws with the
// available names when there is no such output.
int FindOutput(const Model& model, const std::string& name);

}  // namespace whyrec
