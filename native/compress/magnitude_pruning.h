#pragma once

#include <onnx/onnx.pb.h>

#include <cstdint>
#include <string>
#include <vector>

namespace whyrec {

// What pruning did to one weight tensor.
struct PrunedTensor {
  std::string name;
  std::string op_type;
  std::vector<int64_t> shape;
  int64_t elements = 0;
  int64_t zeros_before = 0;
  int64_t zeros_after = 0;
};

// Zeroes the round(fraction * n) smallest-magnitude entries of `values` (ties: the lower index
// first, so the result depends only on the values). Entries already 0 count toward the
// fraction. `fraction` must lie in [0, 1).
void PruneSmallestMagnitudes(std::vector<float>& values, double fraction);

// Unstructured magnitude pruning of every MatMul/Gemm weight initializer, per tensor: each
// tensor loses the same fraction of its entries. (Per tensor rather than one global threshold:
// layers differ in scale, and a global threshold would empty the small ones, such as a
// 16 -> 1 output layer, first.)
std::vector<PrunedTensor> PruneDenseWeights(onnx::GraphProto& graph, double fraction);

}  // namespace whyrec
