#include "native/compress/float_initializer.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace whyrec {

onnx::TensorProto* FindInitializer(onnx::GraphProto& graph, const std::string& name) {
  for (auto& tensor : *graph.mutable_initializer()) {
    if (tensor.name() == name) return &tensor;
  }
  return nullptr;
}

const onnx::TensorProto* FindInitializer(const onnx::GraphProto& graph, const std::string& name) {
  for (const auto& tensor : graph.initializer()) {
    if (tensor.name() == name) return &tensor;
  }
  return nullptr;
}

FloatTensorData ReadFloatTensor(const onnx::TensorProto& tensor) {
  if (tensor.data_type() != onnx::TensorProto::FLOAT) {
    throw std::invalid_argument("initializer '" + tensor.name() + "' is not float32");
  }
  if (tensor.has_data_location() && tensor.data_location() == onnx::TensorProto::EXTERNAL) {
    throw std::invalid_argument("initializer '" + tensor.name() +
                                "' is stored in an external file, which compress does not read");
  }
  FloatTensorData out;
  int64_t count = 1;
  for (const int64_t d : tensor.dims()) {
    // Beyond 2^40 entries no file could hold the data: refused before the product overflows.
    if (d < 0 || (d > 0 && count > (int64_t{1} << 40) / d)) {
      throw std::invalid_argument("initializer '" + tensor.name() + "' has an invalid shape");
    }
    out.shape.push_back(d);
    count *= d;
  }
  if (!tensor.raw_data().empty()) {
    if (tensor.raw_data().size() != static_cast<size_t>(count) * sizeof(float)) {
      throw std::invalid_argument(
          "initializer '" + tensor.name() + "' has " + std::to_string(tensor.raw_data().size()) +
          " bytes of raw data, expected " + std::to_string(count * sizeof(float)));
    }
    out.values.resize(count);
    std::memcpy(out.values.data(), tensor.raw_data().data(), tensor.raw_data().size());
  } else {
    if (tensor.float_data_size() != count) {
      throw std::invalid_argument("initializer '" + tensor.name() + "' has " +
                                  std::to_string(tensor.float_data_size()) +
                                  " float values, expected " + std::to_string(count));
    }
    out.values.assign(tensor.float_data().begin(), tensor.float_data().end());
  }
  return out;
}

void WriteFloatTensor(const FloatTensorData& data, onnx::TensorProto& tensor) {
  tensor.clear_dims();
  for (const int64_t d : data.shape) tensor.add_dims(d);
  tensor.clear_float_data();
  tensor.set_data_type(onnx::TensorProto::FLOAT);
  tensor.set_raw_data(std::string(reinterpret_cast<const char*>(data.values.data()),
                                  data.values.size() * sizeof(float)));
}

int64_t CountZeros(const std::vector<float>& values) {
  return std::count(values.begin(), values.end(), 0.0f);
}

}  // namespace whyrec
