#include "native/compress/tied_weights.h"

#include <set>

#include "native/compress/dense_weights.h"
#include "native/compress/float_initializer.h"
#include "native/compress/onnx_model_file.h"
#include "native/compress/tensor_namer.h"

namespace whyrec {
namespace {

// The row r with w == t[r : r + n]^T (w [k, n], t [v, k]), or -1.
int64_t TransposedRows(const FloatTensorData& w, const FloatTensorData& t) {
  const int64_t k = w.Rows(), n = w.Cols();
  if (t.Cols() != k || t.Rows() < n || n == 0) return -1;
  for (int64_t r = 0; r + n <= t.Rows(); ++r) {
    bool equal = true;
    for (int64_t j = 0; j < n && equal; ++j) {
      for (int64_t i = 0; i < k && equal; ++i)
        equal = w.values[i * n + j] == t.values[(r + j) * k + i];
    }
    if (equal) return r;
  }
  return -1;
}

void AddInt64s(onnx::GraphProto& graph, const std::string& name, std::vector<int64_t> values) {
  onnx::TensorProto& t = *graph.add_initializer();
  t.set_name(name);
  t.set_data_type(onnx::TensorProto::INT64);
  t.add_dims(static_cast<int64_t>(values.size()));
  for (const int64_t v : values) t.add_int64_data(v);
}

}  // namespace

std::vector<TiedWeight> ShareTiedWeights(onnx::ModelProto& model) {
  if (DefaultOpset(model, "model") < 10) return {};
  onnx::GraphProto& graph = *model.mutable_graph();
  std::set<std::string> graph_inputs;
  for (const auto& input : graph.input()) graph_inputs.insert(input.name());
  // Each table decoded once, not once per MatMul weight compared with it.
  std::vector<std::pair<std::string, FloatTensorData>> tables;
  for (const auto& node : graph.node()) {
    if (node.op_type() != "Gather" || !node.domain().empty() || node.input_size() < 1) continue;
    const onnx::TensorProto* t = FindInitializer(graph, node.input(0));
    if (t && t->data_type() == onnx::TensorProto::FLOAT && t->dims_size() == 2 &&
        !graph_inputs.count(t->name())) {
      tables.emplace_back(t->name(), ReadFloatTensor(*t));
    }
  }
  TensorNamer names(graph);
  std::vector<TiedWeight> out;
  std::vector<onnx::NodeProto> nodes;
  for (const DenseWeight& dense : FindDenseWeights(graph)) {
    if (dense.op_type != "MatMul") continue;
    const FloatTensorData w = ReadFloatTensor(*FindInitializer(graph, dense.initializer));
    for (const auto& [table, table_values] : tables) {
      const int64_t row = TransposedRows(w, table_values);
      if (row < 0) continue;
      const std::string starts = names.New(dense.initializer, "_slice_starts");
      const std::string ends = names.New(dense.initializer, "_slice_ends");
      const std::string axes = names.New(dense.initializer, "_slice_axes");
      const std::string rows = names.New(dense.initializer, "_rows");
      AddInt64s(graph, starts, {row});
      AddInt64s(graph, ends, {row + w.Cols()});
      AddInt64s(graph, axes, {0});
      onnx::NodeProto slice;
      slice.set_op_type("Slice");
      slice.set_name(dense.initializer + "_Slice");
      for (const auto& input : {table, starts, ends, axes}) slice.add_input(input);
      slice.add_output(rows);
      onnx::NodeProto transpose;
      transpose.set_op_type("Transpose");
      transpose.set_name(dense.initializer + "_Transpose");
      transpose.add_input(rows);
      transpose.add_output(dense.initializer);
      onnx::AttributeProto& perm = *transpose.add_attribute();
      perm.set_name("perm");
      perm.set_type(onnx::AttributeProto::INTS);
      perm.add_ints(1);
      perm.add_ints(0);
      nodes.push_back(slice);
      nodes.push_back(transpose);
      out.push_back({dense.initializer, table, row});
      break;
    }
  }
  std::set<std::string> copies;
  for (const TiedWeight& tied : out) copies.insert(tied.weight);
  RemoveInitializers(graph, copies);
  PrependNodes(graph, std::move(nodes));
  return out;
}

}  // namespace whyrec
