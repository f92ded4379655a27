#include "native/compress/onnx_model_file.h"

#include <stdexcept>

namespace whyrec {

onnx::ModelProto ParseOnnxModel(const std::string& bytes, const std::string& source) {
  onnx::ModelProto model;
  if (bytes.empty() || !model.ParseFromString(bytes)) {
    throw std::invalid_argument(source + ": not an ONNX model (protobuf parse failed)");
  }
  if (!model.has_graph() || model.graph().node().empty()) {
    throw std::invalid_argument(source + ": not an ONNX model (no graph nodes)");
  }
  return model;
}

int64_t DefaultOpset(const onnx::ModelProto& model, const std::string& source) {
  for (const auto& opset : model.opset_import()) {
    if (opset.domain().empty() || opset.domain() == "ai.onnx") return opset.version();
  }
  throw std::invalid_argument(source + ": the model imports no default-domain opset");
}

int64_t RequireOpset(const onnx::ModelProto& model, const std::string& source, int64_t minimum,
                     const std::string& op) {
  const int64_t opset = DefaultOpset(model, source);
  if (opset < minimum) {
    throw std::invalid_argument(source + ": opset " + std::to_string(opset) + " has no " + op +
                                " (needs opset >= " + std::to_string(minimum) + ")");
  }
  return opset;
}

}  // namespace whyrec
