#include "core/explain/coalition_trees.h"

#include <cmath>
#include <functional>

namespace whyrec {

CoalitionTrees CoalitionTrees::Fit(int players, const std::vector<const uint8_t*>& coalitions,
                                   const Eigen::VectorXd& targets, const Eigen::VectorXd& weights,
                                   const Options& options) {
  CoalitionTrees model(players);
  Eigen::VectorXd residual = targets;
  std::vector<int> all(coalitions.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
  for (int t = 0; t < options.trees; ++t) {
    std::vector<Node> tree;
    std::vector<char> used(players, 0);
    model.Grow(&tree, coalitions, residual, weights, all, &used, options.depth, options);
    model.trees_.push_back(tree);
    for (size_t i = 0; i < coalitions.size(); ++i) {
      int node = 0;
      while (tree[node].player >= 0) {
        node = coalitions[i][tree[node].player] ? tree[node].present : tree[node].absent;
      }
      residual[i] -= tree[node].value;
    }
  }
  return model;
}

int CoalitionTrees::Grow(std::vector<Node>* tree, const std::vector<const uint8_t*>& coalitions,
                         const Eigen::VectorXd& residual, const Eigen::VectorXd& weights,
                         const std::vector<int>& rows, std::vector<char>* used, int depth,
                         const Options& options) {
  const int index = static_cast<int>(tree->size());
  tree->emplace_back();
  double weight = 0, sum = 0;
  for (int r : rows) {
    weight += weights[r];
    sum += weights[r] * residual[r];
  }
  (*tree)[index].value = weight > 0 ? options.learning_rate * sum / weight : 0;
  if (depth == 0 || rows.size() < 4 || weight <= 0) return index;
  // The split that most reduces the weighted squared error; both sides must keep some weight.
  int best = -1;
  double best_gain = 1e-12 * std::abs(sum * sum / weight);
  // One pass over the node's rows gathers, per player, the weight and weighted residual of the
  // rows where the player is present (row-major bytes, so the inner loop is contiguous).
  std::vector<double> present_weight(players_, 0.0), present_sum(players_, 0.0);
  for (int r : rows) {
    const double w = weights[r], ws = weights[r] * residual[r];
    const uint8_t* z = coalitions[r];
    for (int p = 0; p < players_; ++p) {
      present_weight[p] += z[p] * w;
      present_sum[p] += z[p] * ws;
    }
  }
  for (int p = 0; p < players_; ++p) {
    if ((*used)[p]) continue;
    const double w1 = present_weight[p], s1 = present_sum[p];
    const double w0 = weight - w1, s0 = sum - s1;
    if (w1 < 1e-3 * weight || w0 < 1e-3 * weight) continue;
    const double gain = s1 * s1 / w1 + s0 * s0 / w0 - sum * sum / weight;
    // Gains within a relative 1e-9 are ties, won by the lowest player: small nodes often have
    // several players splitting them alike, and rounding must not decide between builds.
    if (gain > best_gain * (1 + 1e-9) + 1e-300) {
      best_gain = gain;
      best = p;
    }
  }
  if (best < 0) return index;
  std::vector<int> absent, present;
  for (int r : rows) (coalitions[r][best] ? present : absent).push_back(r);
  (*used)[best] = 1;
  const int a = Grow(tree, coalitions, residual, weights, absent, used, depth - 1, options);
  const int b = Grow(tree, coalitions, residual, weights, present, used, depth - 1, options);
  (*used)[best] = 0;
  (*tree)[index].player = best;
  (*tree)[index].absent = a;
  (*tree)[index].present = b;
  return index;
}

double CoalitionTrees::Predict(const uint8_t* present) const {
  double total = 0;
  for (const auto& tree : trees_) {
    int node = 0;
    while (tree[node].player >= 0) {
      node = present[tree[node].player] ? tree[node].present : tree[node].absent;
    }
    total += tree[node].value;
  }
  return total;
}

Eigen::VectorXd CoalitionTrees::ShapleyValues() const {
  Eigen::VectorXd phi = Eigen::VectorXd::Zero(players_);
  std::vector<int> required, forbidden;
  std::function<void(const std::vector<Node>&, int)> walk = [&](const std::vector<Node>& tree,
                                                                int node) {
    const Node& n = tree[node];
    if (n.player < 0) {
      // Leaf game: 1 when all of P are present and all of Q absent. Its Shapley value is
      // (|P|-1)!|Q|!/(|P|+|Q|)! for members of P and minus |P|!(|Q|-1)!/(|P|+|Q|)! for Q's.
      const double p = static_cast<double>(required.size());
      const double q = static_cast<double>(forbidden.size());
      if (p + q == 0) return;
      const double all = std::lgamma(p + q + 1);
      if (p > 0) {
        const double share = std::exp(std::lgamma(p) + std::lgamma(q + 1) - all);
        for (int i : required) phi[i] += n.value * share;
      }
      if (q > 0) {
        const double share = std::exp(std::lgamma(p + 1) + std::lgamma(q) - all);
        for (int i : forbidden) phi[i] -= n.value * share;
      }
      return;
    }
    forbidden.push_back(n.player);
    walk(tree, n.absent);
    forbidden.pop_back();
    required.push_back(n.player);
    walk(tree, n.present);
    required.pop_back();
  };
  for (const auto& tree : trees_) walk(tree, 0);
  return phi;
}

}  // namespace whyrec
