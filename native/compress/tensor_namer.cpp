#include "native/compress/tensor_namer.h"

namespace whyrec {

TensorNamer::TensorNamer(const onnx::GraphProto& graph) {
  for (const auto& t : graph.initializer()) used_.insert(t.name());
  for (const auto& v : graph.input()) used_.insert(v.name());
  for (const auto& v : graph.output()) used_.insert(v.name());
  for (const auto& n : graph.node()) used_.insert(n.output().begin(), n.output().end());
}

std::string TensorNamer::New(const std::string& base, const std::string& suffix) {
  std::string name = base + suffix;
  for (int i = 1; used_.count(name); ++i) name = base + suffix + "_" + std::to_string(i);
  used_.insert(name);
  return name;
}

}  // namespace whyrec
