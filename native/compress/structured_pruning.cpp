#include "native/compress/structured_pruning.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <stdexcept>

#include "native/compress/dense_weights.h"
#include "native/compress/float_initializer.h"

namespace whyrec {
namespace {

// Who reads each tensor, how often initializers are read, and what is a graph output.
struct GraphUses {
  std::map<std::string, std::vector<const onnx::NodeProto*>> consumers;
  std::map<std::string, int> reads;
  std::set<std::string> outputs;
  std::map<std::string, const onnx::TensorProto*> initializers;

  explicit GraphUses(const onnx::GraphProto& graph) {
    for (const auto& node : graph.node()) {
      for (const auto& input : node.input()) {
        consumers[input].push_back(&node);
        ++reads[input];
      }
    }
    for (const auto& output : graph.output()) outputs.insert(output.name());
    for (const auto& input : graph.input()) outputs.insert(input.name());  // overridable
    for (const auto& tensor : graph.initializer()) initializers[tensor.name()] = &tensor;
  }

  // The one node reading `tensor`, or nullptr if it is a graph output or read by 0 or 2+ nodes
  // (or that node has no output to follow).
  const onnx::NodeProto* SoleConsumer(const std::string& tensor) const {
    const auto it = consumers.find(tensor);
    if (tensor.empty() || outputs.count(tensor) || it == consumers.end() ||
        it->second.size() != 1 || it->second[0]->output_size() < 1) {
      return nullptr;
    }
    return it->second[0];
  }

  // A float32 initializer of rank `rank` that one node input reads and no graph input overrides.
  const onnx::TensorProto* PrivateFloat(const std::string& name, int rank) const {
    const auto it = initializers.find(name);
    if (it == initializers.end() || outputs.count(name) || reads.at(name) != 1) return nullptr;
    const onnx::TensorProto* t = it->second;
    return t->data_type() == onnx::TensorProto::FLOAT && t->dims_size() == rank ? t : nullptr;
  }
};

bool IsDense(const onnx::NodeProto& node) {
  if (!node.domain().empty() || node.input_size() < 2 || node.output_size() < 1) return false;
  if (node.op_type() == "MatMul") return true;
  return node.op_type() == "Gemm" && IntAttribute(node, "transA", 0) == 0;
}

// W's axis indexing the node's outputs (first layer) or inputs (second layer).
int OutputAxis(const onnx::NodeProto& node) {
  return node.op_type() == "Gemm" && IntAttribute(node, "transB", 0) == 1 ? 0 : 1;
}

std::string Describe(const onnx::NodeProto& node) {
  return node.op_type() + " '" + (node.name().empty() ? node.output(0) : node.name()) + "'";
}

// The hidden layer starting at `first`, or "" in `why_not` with the reason it is not one.
bool MatchHiddenLayer(const GraphUses& uses, const onnx::NodeProto& first, HiddenLayer& layer,
                      std::string& why_not) {
  const onnx::TensorProto* w1 = uses.PrivateFloat(first.input(1), 2);
  if (!w1) {
    why_not = Describe(first) + "'s weight is not a 2-D float32 initializer read only by it";
    return false;
  }
  layer = HiddenLayer{};
  layer.first_weight = w1->name();
  layer.first_unit_axis = OutputAxis(first);
  const int64_t units = w1->dims(layer.first_unit_axis);
  const auto is_bias = [&](const std::string& name) {
    const onnx::TensorProto* b = uses.PrivateFloat(name, 1);
    return b && b->dims(0) == units;
  };
  if (first.op_type() == "Gemm" && first.input_size() > 2 && !first.input(2).empty()) {
    if (!is_bias(first.input(2))) {
      why_not = Describe(first) + "'s bias C is not a float32 initializer of shape [" +
                std::to_string(units) + "] read only by it";
      return false;
    }
    layer.bias = first.input(2);
  }
  std::string hidden = first.output(0);
  const onnx::NodeProto* next = uses.SoleConsumer(hidden);
  if (next && next->op_type() == "Add" && first.op_type() == "MatMul" && next->input_size() == 2) {
    const std::string& other = next->input(0) == hidden ? next->input(1) : next->input(0);
    if (!is_bias(other)) {
      why_not = Describe(*next) + " after " + Describe(first) +
                " does not add a float32 bias initializer of shape [" + std::to_string(units) + "]";
      return false;
    }
    layer.bias = other;
    layer.hidden_tensors.push_back(hidden);
    hidden = next->output(0);
    next = uses.SoleConsumer(hidden);
  }
  if (!next || next->op_type() != "Relu") {
    why_not = Describe(first) + " is followed by " +
              (next ? Describe(*next) : std::string("several nodes or a graph output")) +
              ", not by a Relu read by one MatMul/Gemm";
    return false;
  }
  layer.hidden_tensors.push_back(hidden);
  hidden = next->output(0);
  const onnx::NodeProto* second = uses.SoleConsumer(hidden);
  if (!second || !IsDense(*second) || second->input(0) != hidden) {
    why_not = "the Relu after " + Describe(first) + " is read by " +
              (second ? Describe(*second) : std::string("several nodes or a graph output")) +
              ", not only by a MatMul/Gemm's input A";
    return false;
  }
  layer.hidden_tensors.push_back(hidden);
  const onnx::TensorProto* w2 = uses.PrivateFloat(second->input(1), 2);
  layer.second_unit_axis = 1 - OutputAxis(*second);
  if (!w2 || w2->dims(layer.second_unit_axis) != units) {
    why_not = Describe(*second) + "'s weight is not a 2-D float32 initializer with " +
              std::to_string(units) + " input units read only by it";
    return false;
  }
  layer.second_weight = w2->name();
  return true;
}

// Removes (or, with remove = false, zeroes) the slices `units` of a 1-D or 2-D tensor along `axis`.
void EditUnits(onnx::GraphProto& graph, const std::string& name, int axis,
               const std::vector<int64_t>& units, bool remove) {
  onnx::TensorProto& tensor = *FindInitializer(graph, name);
  FloatTensorData data = ReadFloatTensor(tensor);
  std::vector<bool> hit(data.shape[axis], false);
  for (const int64_t u : units) {
    if (u < 0 || u >= static_cast<int64_t>(hit.size())) {
      throw std::invalid_argument("unit " + std::to_string(u) + " is outside '" + name + "'");
    }
    hit[u] = true;
  }
  FloatTensorData out;
  out.shape = data.shape;
  if (remove) out.shape[axis] -= static_cast<int64_t>(units.size());
  const int64_t cols = data.shape.size() == 2 ? data.shape[1] : 1;
  for (size_t i = 0; i < data.values.size(); ++i) {
    const int64_t index = data.shape.size() == 2 ? (axis == 0 ? i / cols : i % cols) : i;
    if (!hit[index]) {
      out.values.push_back(data.values[i]);
    } else if (!remove) {
      out.values.push_back(0.0f);
    }
  }
  WriteFloatTensor(out, tensor);
}

void EditLayer(onnx::GraphProto& graph, const HiddenLayer& layer, const std::vector<int64_t>& units,
               bool remove) {
  EditUnits(graph, layer.first_weight, layer.first_unit_axis, units, remove);
  if (!layer.bias.empty()) EditUnits(graph, layer.bias, 0, units, remove);
  EditUnits(graph, layer.second_weight, layer.second_unit_axis, units, remove);
}

// L2 norm of each unit (slice along `axis`) of a 2-D tensor.
std::vector<double> UnitNorms(const FloatTensorData& w, int axis) {
  std::vector<double> sums(w.shape[axis], 0.0);
  for (size_t i = 0; i < w.values.size(); ++i) {
    const int64_t unit = axis == 0 ? i / w.shape[1] : i % w.shape[1];
    sums[unit] += static_cast<double>(w.values[i]) * w.values[i];
  }
  for (double& s : sums) s = std::sqrt(s);
  return sums;
}

}  // namespace

std::vector<HiddenLayer> FindHiddenLayers(const onnx::GraphProto& graph) {
  const GraphUses uses(graph);
  std::vector<HiddenLayer> layers;
  std::string first_reason;
  for (const auto& node : graph.node()) {
    if (!IsDense(node)) continue;
    HiddenLayer layer;
    std::string why_not;
    if (MatchHiddenLayer(uses, node, layer, why_not)) {
      layers.push_back(layer);
    } else if (first_reason.empty()) {
      first_reason = why_not;
    }
  }
  if (layers.empty()) {
    throw std::invalid_argument(
        "structured pruning needs a MatMul/Gemm -> [Add bias] -> Relu -> MatMul/Gemm chain whose "
        "hidden tensors nothing else reads; none found" +
        (first_reason.empty() ? std::string(" (no MatMul or Gemm with transA=0)")
                              : " (first: " + first_reason + ")"));
  }
  return layers;
}

std::vector<int64_t> WeakestUnits(const onnx::GraphProto& graph, const HiddenLayer& layer,
                                  double fraction) {
  if (!(fraction >= 0.0 && fraction < 1.0)) {
    throw std::invalid_argument("the pruning fraction must lie in [0, 1), got " +
                                std::to_string(fraction));
  }
  const auto in = UnitNorms(ReadFloatTensor(*FindInitializer(graph, layer.first_weight)),
                            layer.first_unit_axis);
  const auto out = UnitNorms(ReadFloatTensor(*FindInitializer(graph, layer.second_weight)),
                             layer.second_unit_axis);
  if (in.size() != out.size()) {
    throw std::invalid_argument("hidden layer " + layer.first_weight + " -> " +
                                layer.second_weight + ": " + std::to_string(in.size()) +
                                " units in, " + std::to_string(out.size()) + " out");
  }
  const int64_t units = static_cast<int64_t>(in.size());
  const int64_t count = std::min<int64_t>(std::llround(fraction * units), units - 1);
  std::vector<int64_t> order(units);
  std::iota(order.begin(), order.end(), int64_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](int64_t a, int64_t b) { return in[a] * out[a] < in[b] * out[b]; });
  order.resize(std::max<int64_t>(count, 0));
  std::sort(order.begin(), order.end());
  return order;
}

void ZeroUnits(onnx::GraphProto& graph, const HiddenLayer& layer,
               const std::vector<int64_t>& units) {
  EditLayer(graph, layer, units, false);
}

void RemoveUnits(onnx::GraphProto& graph, const HiddenLayer& layer,
                 const std::vector<int64_t>& units) {
  EditLayer(graph, layer, units, true);
  // Shape annotations of the hidden tensors would name the old width: ONNX Runtime infers them.
  auto& infos = *graph.mutable_value_info();
  for (int i = infos.size() - 1; i >= 0; --i) {
    const auto& names = layer.hidden_tensors;
    if (std::find(names.begin(), names.end(), infos.Get(i).name()) != names.end()) {
      infos.DeleteSubrange(i, 1);
    }
  }
}

std::vector<PrunedLayer> PruneHiddenUnits(onnx::GraphProto& graph, double fraction) {
  std::vector<PrunedLayer> out;
  for (const HiddenLayer& layer : FindHiddenLayers(graph)) {
    const auto units = WeakestUnits(graph, layer, fraction);
    const int64_t before = FindInitializer(graph, layer.first_weight)->dims(layer.first_unit_axis);
    RemoveUnits(graph, layer, units);
    out.push_back({layer.first_weight, layer.second_weight, before, units});
  }
  return out;
}

}  // namespace whyrec
