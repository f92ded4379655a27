#include "core/explain/sequence/attention_maps.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <stdexcept>
#include <string>

namespace whyrec {

void AttentionStack::Check() const {
  if (layers < 1 || heads < 1 || length < 1) {
    throw std::invalid_argument("attention needs at least one layer, head and position");
  }
  const size_t expected = static_cast<size_t>(layers) * heads * length * length;
  if (weights.size() != expected) {
    throw std::invalid_argument("attention of " + std::to_string(layers) + " layers x " +
                                std::to_string(heads) + " heads x " + std::to_string(length) +
                                "^2 needs " + std::to_string(expected) + " weights, got " +
                                std::to_string(weights.size()));
  }
  for (size_t i = 0; i < weights.size(); ++i) {
    if (!std::isfinite(weights[i]) || weights[i] < 0) {
      throw std::invalid_argument("attention weight " + std::to_string(i) +
                                  " is not a finite non-negative number");
    }
  }
}

Eigen::MatrixXd ResidualAttention(const AttentionStack& attention, int layer,
                                  const std::vector<int>& positions) {
  const auto n = static_cast<Eigen::Index>(positions.size());
  Eigen::MatrixXd mixed = Eigen::MatrixXd::Zero(n, n);
  for (int h = 0; h < attention.heads; ++h) {
    for (Eigen::Index q = 0; q < n; ++q) {
      for (Eigen::Index k = 0; k < n; ++k) {
        mixed(q, k) += attention.at(layer, h, positions[q], positions[k]);
      }
    }
  }
  mixed = 0.5 * mixed / attention.heads + 0.5 * Eigen::MatrixXd::Identity(n, n);
  for (Eigen::Index q = 0; q < n; ++q) mixed.row(q) /= mixed.row(q).sum();
  return mixed;
}

double LayeredMaxFlow(const std::vector<Eigen::MatrixXd>& layers, int source, int sink) {
  // Edmonds-Karp on nodes (layer, i); residual capacities kept per edge direction.
  const int depth = static_cast<int>(layers.size());
  const int n = static_cast<int>(layers.front().rows());
  std::vector<Eigen::MatrixXd> forward(layers), backward;
  for (const auto& m : layers) backward.push_back(Eigen::MatrixXd::Zero(m.rows(), m.cols()));
  double total = 0;
  const int nodes = (depth + 1) * n;
  std::vector<int> parent(static_cast<size_t>(nodes));
  while (true) {
    std::fill(parent.begin(), parent.end(), -1);
    std::queue<int> open;
    open.push(source);
    parent[static_cast<size_t>(source)] = source;
    const int target = depth * n + sink;
    while (!open.empty() && parent[static_cast<size_t>(target)] < 0) {
      const int node = open.front();
      open.pop();
      const int l = node / n, j = node % n;
      for (int i = 0; i < n; ++i) {
        if (l < depth && forward[l](i, j) > 1e-12 && parent[(l + 1) * n + i] < 0) {
          parent[(l + 1) * n + i] = node;
          open.push((l + 1) * n + i);
        }
        if (l > 0 && backward[l - 1](j, i) > 1e-12 && parent[(l - 1) * n + i] < 0) {
          parent[(l - 1) * n + i] = node;
          open.push((l - 1) * n + i);
        }
      }
    }
    if (parent[static_cast<size_t>(target)] < 0) return total;
    double push = std::numeric_limits<double>::infinity();
    for (int v = target; v != source; v = parent[v]) {
      const int u = parent[v];
      const int lu = u / n, lv = v / n;
      push = std::min(push, lv > lu ? forward[lu](v % n, u % n) : backward[lv](u % n, v % n));
    }
    for (int v = target; v != source; v = parent[v]) {
      const int u = parent[v];
      const int lu = u / n, lv = v / n;
      if (lv > lu) {
        forward[lu](v % n, u % n) -= push;
        backward[lu](v % n, u % n) += push;
      } else {
        backward[lv](u % n, v % n) -= push;
        forward[lv](u % n, v % n) += push;
      }
    }
    total += push;
  }
}

HistoryAttention AttentionOverHistory(const AttentionStack& attention, const History& history) {
  attention.Check();
  if (attention.length != history.layout().length) {
    throw std::invalid_argument("the attention covers " + std::to_string(attention.length) +
                                " positions but the model's history length is " +
                                std::to_string(history.layout().length));
  }
  const int n = history.size();
  if (n == 0) throw std::invalid_argument("the history is empty: there is nothing to explain");
  std::vector<int> positions;
  for (int i = 0; i < n; ++i) positions.push_back(history.Position(i));
  HistoryAttention out;
  std::vector<Eigen::MatrixXd> mixed;
  for (int l = 0; l < attention.layers; ++l) {
    out.raw.emplace_back();
    for (int h = 0; h < attention.heads; ++h) {
      Eigen::MatrixXd block(n, n);
      for (int q = 0; q < n; ++q) {
        for (int k = 0; k < n; ++k) block(q, k) = attention.at(l, h, positions[q], positions[k]);
      }
      out.raw.back().push_back(std::move(block));
    }
    mixed.push_back(ResidualAttention(attention, l, positions));
  }
  out.last_layer = Eigen::VectorXd::Zero(n);
  for (const auto& head : out.raw.back()) out.last_layer += head.row(n - 1).transpose();
  out.last_layer /= attention.heads;
  Eigen::MatrixXd rollout = Eigen::MatrixXd::Identity(n, n);
  for (const auto& layer : mixed) rollout = layer * rollout;
  out.rollout = rollout.row(n - 1).transpose();
  out.flow.resize(n);
  for (int i = 0; i < n; ++i) out.flow[i] = LayeredMaxFlow(mixed, i, n - 1);
  return out;
}

}  // namespace whyrec
