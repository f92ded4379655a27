#include "native/compress/int8_codes.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "native/compress/float_initializer.h"

namespace whyrec {

Int8Codes QuantizeInt8(const std::vector<float>& values, const std::vector<int64_t>& shape,
                       int axis) {
  const int64_t channels = axis < 0 ? 1 : shape[axis];
  const int64_t cols = shape[1];
  const auto channel = [&](size_t i) -> int64_t {
    if (axis < 0) return 0;
    return axis == 0 ? static_cast<int64_t>(i) / cols : static_cast<int64_t>(i) % cols;
  };
  std::vector<float> max_abs(channels, 0.0f);
  for (size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw std::invalid_argument("weight entry " + std::to_string(i) + " is " +
                                  std::to_string(values[i]) + ", not finite");
    }
    max_abs[channel(i)] = std::max(max_abs[channel(i)], std::fabs(values[i]));
  }
  Int8Codes out;
  out.scales.resize(channels);
  for (int64_t c = 0; c < channels; ++c) out.scales[c] = max_abs[c] > 0 ? max_abs[c] / 127 : 1;
  out.values.resize(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    const float q = std::nearbyint(values[i] / out.scales[channel(i)]);
    out.values[i] = static_cast<int8_t>(std::clamp(q, -127.0f, 127.0f));
  }
  return out;
}

void SetInt8Codes(const Int8Codes& codes, const std::vector<int64_t>& shape,
                  const std::string& name, onnx::TensorProto& tensor) {
  tensor.Clear();
  tensor.set_name(name);
  tensor.set_data_type(onnx::TensorProto::INT8);
  for (const int64_t d : shape) tensor.add_dims(d);
  tensor.set_raw_data(
      std::string(reinterpret_cast<const char*>(codes.values.data()), codes.values.size()));
}

void AddScalesAndZeros(onnx::GraphProto& graph, const Int8Codes& codes, bool per_channel,
                       const std::string& scale_name, const std::string& zero_name) {
  onnx::TensorProto& scale = *graph.add_initializer();
  scale.set_name(scale_name);
  FloatTensorData scale_data;
  if (per_channel) scale_data.shape = {static_cast<int64_t>(codes.scales.size())};
  scale_data.values = codes.scales;
  WriteFloatTensor(scale_data, scale);
  onnx::TensorProto& zero = *graph.add_initializer();
  zero.set_name(zero_name);
  zero.set_data_type(onnx::TensorProto::INT8);
  if (per_channel) zero.add_dims(static_cast<int64_t>(codes.scales.size()));
  zero.set_raw_data(std::string(codes.scales.size(), '\0'));
}

}  // namespace whyrec
