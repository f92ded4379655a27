#include "native/onnx_model.h"

#include <onnxruntime_cxx_api.h>

#include <stdexcept>

#include "native/onnx_session.h"

namespace whyrec {

// The session is made with its holder: an empty Ort::Session calls ONNX Runtime when destroyed,
// so none may exist before the library has loaded (onnx_runtime_library.h).
struct OnnxModel::Runtime {
  Runtime(const std::string& path, int intra_op_threads)
      : session(OpenSession(path, intra_op_threads)) {}
  Ort::Session session;
};

OnnxModel::OnnxModel(const std::string& path, int intra_op_threads)
    : runtime_(std::make_unique<Runtime>(path, intra_op_threads)), path_(path) {
  Ort::Session& session = runtime_->session;
  Ort::AllocatorWithDefaultOptions allocator;
  if (session.GetInputCount() != 1) {
    throw std::invalid_argument(path + ": the model has " +
                                std::to_string(session.GetInputCount()) +
                                " inputs; whyrec feeds one float32 tensor [batch, features]");
  }
  input_name_ = session.GetInputNameAllocated(0, allocator).get();
  const Ort::TypeInfo type = session.GetInputTypeInfo(0);
  const auto info = type.GetTensorTypeAndShapeInfo();
  if (info.GetElementType() != ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT) {
    throw std::invalid_argument(path + ": input '" + input_name_ + "' must be float32");
  }
  const auto shape = info.GetShape();
  if (shape.size() != 2) {
    throw std::invalid_argument(path + ": input '" + input_name_ +
                                "' must have shape [batch, features], it has rank " +
                                std::to_string(shape.size()));
  }
  input_width_ = shape[1] > 0 ? static_cast<int>(shape[1]) : -1;
  for (size_t i = 0; i < session.GetOutputCount(); ++i) {
    output_names_.emplace_back(session.GetOutputNameAllocated(i, allocator).get());
  }
}

OnnxModel::~OnnxModel() = default;

RowMatrixF OnnxModel::Predict(ConstMatrixView rows, int output) {
  if (output < 0 || output >= static_cast<int>(output_names_.size())) {
    throw std::out_of_range("output index out of range");
  }
  if (input_width_ > 0 && rows.cols() != input_width_) {
    throw std::invalid_argument(path_ + ": the model expects " + std::to_string(input_width_) +
                                " features per row, got " + std::to_string(rows.cols()));
  }
  const auto memory = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
  const std::vector<int64_t> shape{rows.rows(), rows.cols()};
  // ORT takes a mutable pointer but does not write to inputs.
  auto input =
      Ort::Value::CreateTensor<float>(memory, const_cast<float*>(rows.data()),
                                      static_cast<size_t>(rows.size()), shape.data(), shape.size());
  const char* input_name = input_name_.c_str();
  const char* output_name = output_names_[output].c_str();
  std::vector<Ort::Value> results;
  try {
    results =
        runtime_->session.Run(Ort::RunOptions{nullptr}, &input_name, &input, 1, &output_name, 1);
  } catch (const Ort::Exception& e) {
    throw std::runtime_error(path_ + ": ONNX Runtime failed: " + e.what());
  }
  const auto info = results[0].GetTensorTypeAndShapeInfo();
  if (info.GetElementType() != ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT) {
    throw std::invalid_argument(path_ + ": output '" + output_names_[output] + "' is not float32");
  }
  const auto out_shape = info.GetShape();
  const int64_t n = rows.rows();
  if (out_shape.empty() || out_shape[0] != n || out_shape.size() > 2) {
    throw std::invalid_argument(path_ + ": output '" + output_names_[output] +
                                "' must have shape [batch] or [batch, k]");
  }
  const int64_t k = out_shape.size() == 2 ? out_shape[1] : 1;
  return Eigen::Map<const RowMatrixF>(results[0].GetTensorData<float>(), n, k);
}

}  // namespace whyrec
