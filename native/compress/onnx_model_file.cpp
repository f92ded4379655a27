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

void PrependNodes(onnx::GraphProto& graph, std::vector<onnx::NodeProto> nodes) {
  for (const auto& node : graph.node()) nodes.push_back(node);
  graph.clear_node();
  for (auto& node : nodes) *graph.add_node() = std::move(node);
}

void RemoveInitializers(onnx::GraphProto& graph, const std::set<std::string>& names) {
  auto& initializers = *graph.mutable_initializer();
  for (int i = initializers.size() - 1; i >= 0; --i) {
    if (names.count(initializers.Get(i).name())) initializers.DeleteSubrange(i, 1);
  }
}

}  // namespace whyrec
