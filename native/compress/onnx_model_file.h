#pragma once

#include <onnx/onnx_pb.h>

#include <string>

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

}  // namespace whyrec
