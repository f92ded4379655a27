#pragma once

#include <onnx/onnx.pb.h>

#include <string>
#include <vector>

namespace whyrec {

// A MatMul weight that was a transposed copy of rows of a Gather table.
struct TiedWeight {
  std::string weight;  // the MatMul's B, now computed from the table
  std::string table;
  int64_t first_row = 0;
};

// Lossless: exporters write tied embeddings twice (SASRec's output layer multiplies by the item
// embedding's rows 1..N, stored again as a [64, N] MatMul weight). Each MatMul weight W [k, n]
// that equals T[r : r + n]^T for a Gather table T [v, k] is replaced by Slice + Transpose of T,
// so the table is stored (and quantized) once. Needs opset >= 10 (Slice with inputs); returns
// nothing below.
std::vector<TiedWeight> ShareTiedWeights(onnx::ModelProto& model);

}  // namespace whyrec
