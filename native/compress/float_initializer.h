#pragma once

#include <onnx/onnx.pb.h>

#include <cstdint>
#include <string>
#include <vector>

namespace whyrec {

// A float32 initializer's values and shape, read from either of ONNX's encodings
// (raw_data little-endian bytes or the repeated float_data field).
struct FloatTensorData {
  std::vector<int64_t> shape;
  std::vector<float> values;
  int64_t Rows() const { return shape[0]; }
  int64_t Cols() const { return shape[1]; }
};

// The graph's initializer named `name`, or nullptr.
onnx::TensorProto* FindInitializer(onnx::GraphProto& graph, const std::string& name);
const onnx::TensorProto* FindInitializer(const onnx::GraphProto& graph, const std::string& name);

// Throws std::invalid_argument naming the tensor unless it is float32 with
// product(shape) values.
FloatTensorData ReadFloatTensor(const onnx::TensorProto& tensor);

// Replaces the tensor's values and shape (written as raw_data, float32).
void WriteFloatTensor(const FloatTensorData& data, onnx::TensorProto& tensor);

// How many of `values` are exactly 0.
int64_t CountZeros(const std::vector<float>& values);

}  // namespace whyrec
