#pragma once

#include <onnx/onnx.pb.h>

#include <string>
#include <vector>

#include "native/compress/weight_quantization.h"

namespace whyrec {

// Dynamic int8 quantization in the manner of ONNX Runtime's quantize_dynamic: each MatMul or
// Gemm (transA=0, beta=1) with a 2-D float32 weight W becomes
//   DynamicQuantizeLinear(A) -> MatMulInteger(A_u8, W_s8, A_zero, W_zero) -> Cast(float)
//   -> Mul(A_scale * W_scale [per output unit]) [-> Add(C) for a Gemm's bias]
// so the product runs in integers; W is stored [in, out] (transposed for a Gemm with transB=1),
// with Gemm's alpha folded into its scales. One DynamicQuantizeLinear serves every node reading
// the same activation. Gather tables and weights of other nodes are left for
// QuantizeWeightsInt8 (DequantizeLinear). Needs opset >= 11.
std::vector<QuantizedTensor> QuantizeMatMulsDynamic(onnx::ModelProto& model,
                                                    const std::string& source);

}  // namespace whyrec
