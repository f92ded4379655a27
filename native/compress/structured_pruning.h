#pragma once

#include <onnx/onnx.pb.h>

#include <cstdint>
#include <string>
#include <vector>

namespace whyrec {

// One hidden layer of an MLP chain, Dense1 -> [Add bias] -> Relu -> Dense2 (Dense = MatMul
// with an initializer B, or Gemm with transA=0), where nothing else reads the hidden tensors.
// Hidden unit j is W1's output unit j, bias entry j and W2's input unit j.
struct HiddenLayer {
  std::string first_weight;                 // W1
  int first_unit_axis = 1;                  // W1's axis indexing the hidden units
  std::string bias;                         // b1 (Gemm's C or the Add's initializer), "" if none
  std::string second_weight;                // W2
  int second_unit_axis = 0;                 // W2's axis indexing the hidden units
  std::vector<std::string> hidden_tensors;  // value_info entries to drop when the width changes
};

// What structured pruning did to one hidden layer.
struct PrunedLayer {
  std::string first_weight;
  std::string second_weight;
  int64_t units_before = 0;
  std::vector<int64_t> removed_units;  // indices in the original layer, ascending
};

// The graph's prunable hidden layers, in node order. Throws std::invalid_argument naming the
// first MatMul/Gemm and what follows it when there are none.
std::vector<HiddenLayer> FindHiddenLayers(const onnx::GraphProto& graph);

// The units whose score ||W1 unit j|| * ||W2 unit j|| (L2 norms of the unit's incoming and
// outgoing weights) is among the round(fraction * units) smallest (ties: the lower index), at
// most units - 1 of them; ascending.
std::vector<int64_t> WeakestUnits(const onnx::GraphProto& graph, const HiddenLayer& layer,
                                  double fraction);

// Zeroes the units' incoming weights, bias and outgoing weights, keeping every shape: the
// closed-form reference for RemoveUnits (a removed ReLU unit and a zeroed one contribute 0).
void ZeroUnits(onnx::GraphProto& graph, const HiddenLayer& layer,
               const std::vector<int64_t>& units);

// Deletes the units from W1, b1 and W2 (shapes rewritten).
void RemoveUnits(onnx::GraphProto& graph, const HiddenLayer& layer,
                 const std::vector<int64_t>& units);

// Removes the weakest `fraction` of the units of every hidden layer, one layer after the
// other in node order (a layer's scores see the previous layer's removals).
std::vector<PrunedLayer> PruneHiddenUnits(onnx::GraphProto& graph, double fraction);

}  // namespace whyrec
