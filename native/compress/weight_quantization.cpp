#include "native/compress/weight_quantization.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include "native/compress/dense_weights.h"
#include "native/compress/float_initializer.h"
#include "native/compress/int8_codes.h"
#include "native/compress/onnx_model_file.h"
#include "native/compress/tensor_namer.h"

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

}  // namespace

std::vector<QuantizedTensor> QuantizeWeightsInt8(onnx::ModelProto& model,
                                                 const std::string& source) {
  const int64_t opset = RequireOpset(model, source, 10, "DequantizeLinear");
  const bool per_channel = opset >= 13;
  onnx::GraphProto& graph = *model.mutable_graph();
  TensorNamer names(graph);
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
    const std::string codes_name = names.New(target.name, "_quantized");
    const std::string scale_name = names.New(target.name, "_scale");
    const std::string zero_name = names.New(target.name, "_zero_point");
    SetInt8Codes(codes, data.shape, codes_name, tensor);
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
  PrependNodes(graph, std::move(dequantize_nodes));
  return out;
}

}  // namespace whyrec
