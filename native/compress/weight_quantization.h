#pragma once

#include <onnx/onnx.pb.h>

#include <cstdint>
#include <string>
#include <vector>

#include "native/compress/int8_codes.h"

namespace whyrec {

// What quantization did to one tensor.
struct QuantizedTensor {
  std::string name;
  std::string op_type;
  std::vector<int64_t> shape;
  int axis = -1;             // of the scales; -1: one scale for the tensor
  float max_scale = 0;       // over slices with a non-zero weight
  double max_abs_error = 0;  // max |w - dequant(q)|
};

// Weight-only int8 quantization: each 2-D float32 weight of a MatMul or Gemm, and the table of a
// Gather (an embedding), is replaced by int8 codes, per-channel scales and a DequantizeLinear
// node that outputs the original name, so every other node and the model's inputs, outputs and
// metadata stay as they were. Per-channel (one scale per output unit, per embedding row) from
// opset 13, where DequantizeLinear has `axis`; one scale per tensor at opsets 10-12.
std::vector<QuantizedTensor> QuantizeWeightsInt8(onnx::ModelProto& model,
                                                 const std::string& source);

}  // namespace whyrec
