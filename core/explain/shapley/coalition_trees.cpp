#include "core/explain/shapley/coalition_trees.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace whyrec {

CoalitionTrees CoalitionTrees::Fit(int players, const std::vector<const uint8_t*>& coalitions,
                                   const Eigen::VectorXd& targets, const Eigen::VectorXd& weights,
                                   const Options& options, Eigen::VectorXd* residuals) {
  CoalitionTrees model(players);
  const Eigen::Index n = static_cast<Eigen::Index>(coalitions.size());
  Training data{Indicators(n, players), targets, weights, std::vector<int>(coalitions.size())};
  for (Eigen::Index i = 0; i < n; ++i) {
    for (int p = 0; p < players; ++p) data.z(i, p) = coalitions[i][p];
  }
  std::vector<int> all(coalitions.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
  // The root holds every row: its sums are matrix products, and its weights never change.
  const Eigen::RowVectorXd present_weight = weights.transpose() * data.z;
  for (int t = 0; t < options.trees; ++t) {
    std::vector<Node> tree;
    std::vector<char> used(players, 0);
    const Eigen::VectorXd weighted = weights.cwiseProduct(data.residual);
    const NodeSums root{weights.sum(), weighted.sum(), present_weight,
                        weighted.transpose() * data.z};
    model.Grow(&tree, &data, {all.data(), all.data() + all.size()}, root, &used, options.depth,
               options);
    model.trees_.push_back(tree);
  }
  if (residuals) *residuals = std::move(data.residual);
  return model;
}

CoalitionTrees::NodeSums CoalitionTrees::Sum(const Training& data, Rows rows) const {
  NodeSums sums{0, 0, Eigen::RowVectorXd::Zero(players_), Eigen::RowVectorXd::Zero(players_)};
  for (const int* it = rows.begin; it != rows.end; ++it) {
    const int r = *it;
    const double w = data.weights[r], ws = w * data.residual[r];
    sums.weight += w;
    sums.sum += ws;
    sums.present_weight.noalias() += w * data.z.row(r);
    sums.present_sum.noalias() += ws * data.z.row(r);
  }
  return sums;
}

// Each leaf takes its value off its rows' residuals once it is made: every node's sums were
// taken before any of its rows reached a leaf.
int CoalitionTrees::Grow(std::vector<Node>* tree, Training* data, Rows rows, const NodeSums& sums,
                         std::vector<char>* used, int depth, const Options& options) {
  const int index = static_cast<int>(tree->size());
  tree->emplace_back();
  const double weight = sums.weight, sum = sums.sum;
  const double value = weight > 0 ? options.learning_rate * sum / weight : 0;
  const auto leaf = [&] {
    (*tree)[index].value = value;
    for (const int* r = rows.begin; r != rows.end; ++r) data->residual[*r] -= value;
    return index;
  };
  if (depth == 0 || rows.size() < 4 || weight <= 0) return leaf();
  // The split that most reduces the weighted squared error; both sides must keep some weight.
  int best = -1;
  double best_gain = 1e-12 * std::abs(sum * sum / weight);
  for (int p = 0; p < players_; ++p) {
    if ((*used)[p]) continue;
    const double w1 = sums.present_weight[p], s1 = sums.present_sum[p];
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
  if (best < 0) return leaf();
  // A stable partition, so the row order, and with it every sum, is the same in every build;
  // branch-free, since whether a row goes left is a coin flip to the branch predictor.
  int* split = rows.begin;
  int* spill = data->spill.data();
  for (const int* r = rows.begin; r != rows.end; ++r) {
    const int row = *r;
    const bool present = data->z(row, best) != 0;
    *split = row;
    *spill = row;
    split += !present;
    spill += present;
  }
  std::copy(data->spill.data(), spill, split);
  const Rows absent{rows.begin, split}, present{split, rows.end};
  // Only the smaller child is summed; the larger one's sums are the parent's minus its sibling's.
  NodeSums absent_sums, present_sums;
  if (depth > 1) {
    const bool absent_smaller = absent.size() <= present.size();
    NodeSums& small = absent_smaller ? absent_sums : present_sums;
    NodeSums& large = absent_smaller ? present_sums : absent_sums;
    small = Sum(*data, absent_smaller ? absent : present);
    large = {weight - small.weight, sum - small.sum, sums.present_weight - small.present_weight,
             sums.present_sum - small.present_sum};
  } else {
    // Children are leaves: they need only their totals, taken from the split player's sums.
    present_sums = {sums.present_weight[best], sums.present_sum[best], {}, {}};
    absent_sums = {weight - present_sums.weight, sum - present_sums.sum, {}, {}};
  }
  (*used)[best] = 1;
  const int a = Grow(tree, data, absent, absent_sums, used, depth - 1, options);
  const int b = Grow(tree, data, present, present_sums, used, depth - 1, options);
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
