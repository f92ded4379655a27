#include "native/compress/weight_quantization.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include "native/compress/dense_weights.h"
#include "native/compress/float_initializer.h"
#include "native/compress/onnx_model_file.h"

namespace whyrec {
namespace {

struct Target {
  std::string name;
  std::string op_type;
  int axis;  // the output-unit axis (dense weights) or the row axis (embeddings)
};

// Dense weights first, then Gather tables (2-D float32 initializers as Gather's data).
std::vector<Target> FindTargets(const onnx::GraphProto& graph) {
  std::vector<Target> out;
  std::set<std::string> seen;
  for (const DenseWeight& w : FindDenseWeights(graph)) {
    out.push_back({w.initializer, w.op_type, w.output_axis});
    seen.insert(w.initializer);
  }
  std::set<std::string> graph_inputs;
  for (const auto& input : graph.input()) graph_inputs.insert(input.name());
  for (const auto& node : graph.node()) {
    if (node.op_type() != "Gather" || !node.domain().empty() || node.input_size() < 1) continue;
    const onnx::TensorProto* t = FindInitializer(graph, node.input(0));
    if (!t || t->data_type() != onnx::TensorProto::FLOAT || t->dims_size() != 2 ||
        graph_inputs.count(t->name()) || !seen.insert(t->name()).second) {
      continue;
    }
    out.push_back({t->name(), "Gather", 0});
  }
  return out;
}

std::set<std::string> TensorNames(const onnx::GraphProto& graph) {
  std::set<std::string> names;
  for (const auto& t : graph.initializer()) names.insert(t.name());
  for (const auto& v : graph.input()) names.insert(v.name());
  for (const auto& v : graph.output()) names.insert(v.name());
  for (const auto& n : graph.node()) names.insert(n.output().begin(), n.output().end());
  return names;
}

// `base` + `suffix`, checked to be a new tensor name.
std::string NewName(std::set<std::string>& names, const std::string& base,
                    const std::string& suffix) {
  std::string name = base + suffix;
  for (int i = 1; names.count(name); ++i) name = base + suffix + "_" + std::to_string(i);
  names.insert(name);
  return name;
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

}  // namespace

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

std::vector<QuantizedTensor> QuantizeWeightsInt8(onnx::ModelProto& model,
                                                 const std::string& source) {
  const int64_t opset = DefaultOpset(model, source);
  if (opset < 10) {
    throw std::invalid_argument(source + ": opset " + std::to_string(opset) +
                                " has no DequantizeLinear (needs opset >= 10)");
  }
  const bool per_channel = opset >= 13;
  onnx::GraphProto& graph = *model.mutable_graph();
  std::set<std::string> names = TensorNames(graph);
  std::vector<onnx::NodeProto> dequantize_nodes;
  std::vector<QuantizedTensor> out;
  for (const Target& target : FindTargets(graph)) {
    onnx::TensorProto& tensor = *FindInitializer(graph, target.name);
    const FloatTensorData data = ReadFloatTensor(tensor);
    const int axis = per_channel ? target.axis : -1;
    Int8Codes codes;
    try {
      codes = QuantizeInt8(data.values, data.shape, axis);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(source + ": initializer '" + target.name + "': " + e.what());
    }
    QuantizedTensor report{target.name, target.op_type, data.shape, axis, 0.0f, 0.0};
    const int64_t cols = data.shape[1];
    for (size_t i = 0; i < data.values.size(); ++i) {
      const int64_t c = axis < 0 ? 0 : (axis == 0 ? i / cols : i % cols);
      // An all-zero slice's placeholder scale of 1 is not a step any weight sees.
      if (codes.values[i] != 0) report.max_scale = std::max(report.max_scale, codes.scales[c]);
      report.max_abs_error = std::max(
          report.max_abs_error, std::fabs(static_cast<double>(data.values[i]) -
                                          static_cast<double>(codes.values[i]) * codes.scales[c]));
    }
    const std::string codes_name = NewName(names, target.name, "_quantized");
    const std::string scale_name = NewName(names, target.name, "_scale");
    const std::string zero_name = NewName(names, target.name, "_zero_point");
    tensor.set_name(codes_name);
    tensor.set_data_type(onnx::TensorProto::INT8);
    tensor.clear_float_data();
    tensor.set_raw_data(
        std::string(reinterpret_cast<const char*>(codes.values.data()), codes.values.size()));
    AddScalesAndZeros(graph, codes, per_channel, scale_name, zero_name);
    onnx::NodeProto node;
    node.set_op_type("DequantizeLinear");
    node.set_name(target.name + "_DequantizeLinear");
    node.add_input(codes_name);
    node.add_input(scale_name);
    node.add_input(zero_name);
    node.add_output(target.name);
    if (per_channel) {
      onnx::AttributeProto& a = *node.add_attribute();
      a.set_name("axis");
      a.set_type(onnx::AttributeProto::INT);
      a.set_i(axis);
    }
    dequantize_nodes.push_back(node);
    out.push_back(report);
  }
  // The new nodes read only initializers: placed first, the node list stays topologically sorted.
  for (const auto& node : graph.node()) dequantize_nodes.push_back(node);
  graph.clear_node();
  for (auto& node : dequantize_nodes) *graph.add_node() = std::move(node);
  return out;
}

}  // namespace whyrec
