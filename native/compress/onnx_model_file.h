#pragma once

#include <onnx/onnx.pb.h>

#include <set>
#include <string>
#include <vector>

namespace whyrec {

// Parses ONNX bytes; anything that is not an ONNX model with a graph is an error naming
// `source`.
onnx::ModelProto ParseOnnxModel(const std::string& bytes, const std::string& source);

// The model's opset of the default ("" or "ai.onnx") domain; an error naming `source` if none.
int64_t DefaultOpset(const onnx::ModelProto& model, const std::string& source);

// DefaultOpset, checked to be at least `minimum`, the first with operator `op`: else an error
// naming `source`.
int64_t RequireOpset(const onnx::ModelProto& model, const std::string& source, int64_t minimum,
                     const std::string& op);

// Puts `nodes` (which read only initializers) before the graph's nodes: the node list stays
// topologically sorted.
void PrependNodes(onnx::GraphProto& graph, std::vector<onnx::NodeProto> nodes);

// Deletes the initializers with these names.
void RemoveInitializers(onnx::GraphProto& graph, const std::set<std::string>& names);

}  // namespace whyrec
