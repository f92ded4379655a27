#pragma once

#include <onnx/onnx.pb.h>

#include <set>
#include <string>

namespace whyrec {

// Hands out tensor names that no initializer, graph input or output, or node output of the graph
// (nor an earlier New) uses.
class TensorNamer {
 public:
  explicit TensorNamer(const onnx::GraphProto& graph);
  // `base` + `suffix`, or with "_1", "_2", ... appended until the name is new.
  std::string New(const std::string& base, const std::string& suffix);

 private:
  std::set<std::string> used_;
};

}  // namespace whyrec
