#pragma once

#include <onnx/onnx.pb.h>

#include <cstdint>
#include <string>
#include <vector>

namespace whyrec {

// Symmetric int8 codes of a 2-D float tensor with one scale per slice along `axis` (or one
// for the whole tensor when axis < 0): scale = max |w| / 127 over the slice (1 when the slice
// is all 0), q = round(w / scale) in [-127, 127], so |w - q * scale| <= scale / 2 and a 0
// weight stays exactly 0.
struct Int8Codes {
  std::vector<int8_t> values;
  std::vector<float> scales;
};
Int8Codes QuantizeInt8(const std::vector<float>& values, const std::vector<int64_t>& shape,
                       int axis);

// Makes `tensor` the int8 initializer `name` holding `codes` with `shape`.
void SetInt8Codes(const Int8Codes& codes, const std::vector<int64_t>& shape,
                  const std::string& name, onnx::TensorProto& tensor);

// Adds the codes' scales (float32) and zero points (int8 zeros) as initializers: 1-D of one per
// channel, or scalars when !per_channel.
void AddScalesAndZeros(onnx::GraphProto& graph, const Int8Codes& codes, bool per_channel,
                       const std::string& scale_name, const std::string& zero_name);

}  // namespace whyrec
