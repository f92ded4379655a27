#pragma once

#include <Eigen/Core>
#include <vector>

#include "core/explain/sequence/history.h"

namespace whyrec {

// The attention weights a transformer exports for one input: layers x heads x L x L, row-major,
// each row a query position's softmax over key positions.
struct AttentionStack {
  int layers = 0;
  int heads = 0;
  int length = 0;
  std::vector<float> weights;

  // Throws std::invalid_argument unless the sizes agree and every weight is finite and >= 0.
  void Check() const;
  float at(int layer, int head, int query, int key) const {
    return weights[((static_cast<size_t>(layer) * heads + head) * length + query) * length + key];
  }
};

// Attention over the history's items, read at the position that makes the recommendation (the
// last item's). Each vector has one entry per history item, oldest first.
struct HistoryAttention {
  // raw[layer][head]: the items x items block of that head's weights (rows = queries).
  std::vector<std::vector<Eigen::MatrixXd>> raw;
  Eigen::VectorXd last_layer;  // the last layer's weights from the output position, head mean
  // Abnar & Zuidema (2020): each layer's head mean is mixed with the residual, 0.5 A + 0.5 I,
  // and rows are renormalized over the history's positions.
  Eigen::VectorXd rollout;  // the product of those matrices, output position's row
  Eigen::VectorXd flow;     // max flow from each item to the output position through them
};

HistoryAttention AttentionOverHistory(const AttentionStack& attention, const History& history);

// The residual-mixed, renormalized head-mean matrix of one layer over `positions`.
Eigen::MatrixXd ResidualAttention(const AttentionStack& attention, int layer,
                                  const std::vector<int>& positions);

// Maximum flow through a layered graph: layer l's matrix A (n x n, A(i, j) is the capacity from
// node j of layer l to node i of layer l + 1); from node `source` of the first layer to node
// `sink` of the last.
double LayeredMaxFlow(const std::vector<Eigen::MatrixXd>& layers, int source, int sink);

}  // namespace whyrec
