#pragma once

#include <onnx/onnx.pb.h>

#include <string>
#include <vector>

namespace whyrec {

// A 2-D float32 initializer that a MatMul or Gemm node multiplies by (its input B), and the
// axis of that tensor that indexes the node's output units: 1 for MatMul and Gemm's
// B [in, out], 0 for Gemm with transB=1 (B [out, in]).
struct DenseWeight {
  std::string initializer;
  std::string op_type;  // of the first node that reads it
  int output_axis = 1;
};

// Gemm's integer attribute `name`, or `fallback` when absent.
int64_t IntAttribute(const onnx::NodeProto& node, const std::string& name, int64_t fallback);

// The weights of the graph's MatMul and Gemm nodes, each initializer once, in node order. A
// MatMul whose B is not a 2-D float32 initializer (attention's activation products) is skipped;
// so is an initializer that a graph input overrides.
std::vector<DenseWeight> FindDenseWeights(const onnx::GraphProto& graph);

}  // namespace whyrec
