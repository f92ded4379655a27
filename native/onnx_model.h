#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/models/model.h"

namespace whyrec {

// An ONNX model run in-process by ONNX Runtime's CPU provider. The model takes one float32
// tensor [batch, features]; each output is [batch] or [batch, k]. Predict is safe to call from
// several threads at once (ONNX Runtime's Run is); callers that parallelize over rows pass
// intra_op_threads = 1 (0: ONNX Runtime's default, one thread per core within each call).
class OnnxModel : public Model {
 public:
  explicit OnnxModel(const std::string& path, int intra_op_threads = 0);
  ~OnnxModel() override;

  int input_width() const override { return input_width_; }
  std::vector<std::string> output_names() const override { return output_names_; }
  RowMatrixF Predict(ConstMatrixView rows, int output) override;

 private:
  struct Runtime;
  std::unique_ptr<Runtime> runtime_;
  std::string path_;
  std::string input_name_;
  int input_width_ = -1;
  std::vector<std::string> output_names_;
};

}  // namespace whyrec
