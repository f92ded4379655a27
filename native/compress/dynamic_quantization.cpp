#include "native/compress/dynamic_quantization.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>
#include <stdexcept>

#include "native/compress/dense_weights.h"
#include "native/compress/float_initializer.h"
#include "native/compress/int8_codes.h"
#include "native/compress/onnx_model_file.h"
#include "native/compress/tensor_namer.h"

namespace whyrec {
namespace {

float FloatAttribute(const onnx::NodeProto& node, const std::string& name, float fallback) {
  for (const auto& a : node.attribute()) {
    if (a.name() == name) return a.f();
  }
  return fallback;
}

onnx::NodeProto Node(const std::string& op, std::vector<std::string> inputs,
                     std::vector<std::string> outputs, const std::string& name) {
  onnx::NodeProto node;
  node.set_op_type(op);
  node.set_name(name);
  for (auto& i : inputs) node.add_input(i);
  for (auto& o : outputs) node.add_output(o);
  return node;
}

// The int8 weight [in, out] of one converted node: codes, per-output-unit scales (alpha folded
// in) and zero points.
struct Int8Weight {
  std::string codes, scale, zero;
};

// A MatMul or Gemm this pass converts: a 2-D float32 initializer as B that no graph input
// overrides; a Gemm also needs transA=0 and beta=1 (or no C).
bool Convertible(const onnx::NodeProto& node, const onnx::GraphProto& graph,
                 const std::set<std::string>& graph_inputs) {
  if (!node.domain().empty() || node.input_size() < 2 || node.output_size() < 1) return false;
  const bool gemm = node.op_type() == "Gemm";
  if (node.op_type() != "MatMul" && !gemm) return false;
  const onnx::TensorProto* w = FindInitializer(graph, node.input(1));
  if (!w || w->data_type() != onnx::TensorProto::FLOAT || w->dims_size() != 2 ||
      graph_inputs.count(w->name())) {
    return false;
  }
  if (!gemm) return true;
  const bool has_c = node.input_size() > 2 && !node.input(2).empty();
  return IntAttribute(node, "transA", 0) == 0 && (!has_c || FloatAttribute(node, "beta", 1) == 1);
}

}  // namespace

std::vector<QuantizedTensor> QuantizeMatMulsDynamic(onnx::ModelProto& model,
                                                    const std::string& source) {
  RequireOpset(model, source, 11, "DynamicQuantizeLinear");
  onnx::GraphProto& graph = *model.mutable_graph();
  std::set<std::string> graph_inputs;
  for (const auto& input : graph.input()) graph_inputs.insert(input.name());
  TensorNamer names(graph);
  std::map<std::string, std::vector<std::string>> quantized_activations;  // A -> q, scale, zero
  std::map<std::string, Int8Weight> weights;  // by initializer name (+ "^T" when transposed)
  std::vector<QuantizedTensor> out;
  std::vector<onnx::NodeProto> nodes;
  std::set<std::string> converted;
  for (const onnx::NodeProto& node : graph.node()) {
    if (!Convertible(node, graph, graph_inputs)) {
      nodes.push_back(node);
      continue;
    }
    const bool gemm = node.op_type() == "Gemm";
    const bool transposed = gemm && IntAttribute(node, "transB", 0) == 1;
    const float alpha = gemm ? FloatAttribute(node, "alpha", 1) : 1;
    const std::string& w_name = node.input(1);
    // alpha by its bits: two alphas that print alike must not share one set of scales.
    uint32_t alpha_bits;
    std::memcpy(&alpha_bits, &alpha, sizeof alpha_bits);
    const std::string key = w_name + (transposed ? "^T" : "") + "*" + std::to_string(alpha_bits);
    if (!weights.count(key)) {
      FloatTensorData w = ReadFloatTensor(*FindInitializer(graph, w_name));
      if (transposed) {
        FloatTensorData t{{w.Cols(), w.Rows()}, std::vector<float>(w.values.size())};
        for (int64_t r = 0; r < w.Rows(); ++r) {
          for (int64_t c = 0; c < w.Cols(); ++c)
            t.values[c * w.Rows() + r] = w.values[r * w.Cols() + c];
        }
        w = t;
      }
      Int8Codes codes;
      try {
        codes = QuantizeInt8(w.values, w.shape, 1);
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(source + ": initializer '" + w_name + "': " + e.what());
      }
      QuantizedTensor report{w_name, node.op_type(), w.shape, 1, 0.0f, 0.0};
      for (size_t i = 0; i < w.values.size(); ++i) {
        const float scale = codes.scales[i % w.Cols()];
        if (codes.values[i] != 0) report.max_scale = std::max(report.max_scale, scale);
        report.max_abs_error =
            std::max(report.max_abs_error, std::fabs(static_cast<double>(w.values[i]) -
                                                     static_cast<double>(codes.values[i]) * scale));
      }
      out.push_back(report);
      Int8Weight names_of{names.New(w_name, "_quantized"), names.New(w_name, "_scale"),
                          names.New(w_name, "_zero_point")};
      SetInt8Codes(codes, w.shape, names_of.codes, *graph.add_initializer());
      for (float& s : codes.scales) s *= alpha;  // the product's scale; the zero points stay 0
      AddScalesAndZeros(graph, codes, true, names_of.scale, names_of.zero);
      weights[key] = names_of;
      converted.insert(w_name);
    }
    const Int8Weight& w = weights[key];
    const std::string& a = node.input(0);
    const std::string base = node.name().empty() ? node.output(0) : node.name();
    if (!quantized_activations.count(a)) {
      const std::vector<std::string> q = {names.New(a, "_quantized"), names.New(a, "_scale"),
                                          names.New(a, "_zero_point")};
      nodes.push_back(Node("DynamicQuantizeLinear", {a}, q, a + "_DynamicQuantizeLinear"));
      quantized_activations[a] = q;
    }
    const auto& q = quantized_activations[a];
    const std::string product = names.New(base, "_MatMulInteger");
    const std::string as_float = names.New(base, "_float");
    const std::string scale = names.New(base, "_scale");
    const bool has_c = gemm && node.input_size() > 2 && !node.input(2).empty();
    const std::string scaled = has_c ? names.New(base, "_scaled") : node.output(0);
    nodes.push_back(
        Node("MatMulInteger", {q[0], w.codes, q[2], w.zero}, {product}, base + "_MatMulInteger"));
    onnx::NodeProto cast = Node("Cast", {product}, {as_float}, base + "_Cast");
    onnx::AttributeProto& to = *cast.add_attribute();
    to.set_name("to");
    to.set_type(onnx::AttributeProto::INT);
    to.set_i(onnx::TensorProto::FLOAT);
    nodes.push_back(cast);
    nodes.push_back(Node("Mul", {q[1], w.scale}, {scale}, base + "_ScaleMul"));
    nodes.push_back(Node("Mul", {as_float, scale}, {scaled}, base + "_Mul"));
    if (has_c)
      nodes.push_back(Node("Add", {scaled, node.input(2)}, {node.output(0)}, base + "_Add"));
  }
  graph.clear_node();
  for (auto& node : nodes) *graph.add_node() = std::move(node);
  // The float weights every reader of which now reads the int8 copy.
  std::set<std::string> still_read;
  for (const auto& node : graph.node()) still_read.insert(node.input().begin(), node.input().end());
  std::set<std::string> unread;
  for (const std::string& name : converted) {
    if (!still_read.count(name)) unread.insert(name);
  }
  RemoveInitializers(graph, unread);
  return out;
}

}  // namespace whyrec
