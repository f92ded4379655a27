#include "native/compress/dense_weights.h"

#include <set>

namespace whyrec {

int64_t IntAttribute(const onnx::NodeProto& node, const std::string& name, int64_t fallback) {
  for (const auto& a : node.attribute()) {
    if (a.name() == name) return a.i();
  }
  return fallback;
}

std::vector<DenseWeight> FindDenseWeights(const onnx::GraphProto& graph) {
  std::set<std::string> graph_inputs;
  for (const auto& input : graph.input()) graph_inputs.insert(input.name());
  std::set<std::string> two_d_floats;
  for (const auto& tensor : graph.initializer()) {
    if (tensor.data_type() == onnx::TensorProto::FLOAT && tensor.dims_size() == 2 &&
        !graph_inputs.count(tensor.name())) {
      two_d_floats.insert(tensor.name());
    }
  }
  std::vector<DenseWeight> out;
  std::set<std::string> seen;
  for (const auto& node : graph.node()) {
    const bool matmul = node.op_type() == "MatMul";
    const bool gemm = node.op_type() == "Gemm";
    if (!(matmul || gemm) || !node.domain().empty() || node.input_size() < 2) continue;
    const std::string& b = node.input(1);
    if (!two_d_floats.count(b) || !seen.insert(b).second) continue;
    const int axis = gemm && IntAttribute(node, "transB", 0) == 1 ? 0 : 1;
    out.push_back({b, node.op_type(), axis});
  }
  return out;
}

}  // namespace whyrec
