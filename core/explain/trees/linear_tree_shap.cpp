#include "core/explain/trees/linear_tree_shap.h"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "core/explain/trees/gauss_legendre.h"

namespace whyrec {

LinearTreeShap::LinearTreeShap(const Tree& tree, const std::vector<int>& player_of) {
  const int size = static_cast<int>(tree.nodes.size());
  std::vector<Edge> edges(size, Edge{-1, 0, -1, false, false, 1.0});  // into each node
  std::vector<double> fraction(size, 1.0);  // the edge player's cover fraction on the path
  std::vector<int> earlier_node(size, -1);  // the edge where that player last split above
  std::vector<int> distinct(size, 0);       // distinct players on the path to the node
  // Depth-first, parents before children; path[d - 1] is the node the edge at depth d enters.
  std::vector<int> path;
  std::vector<std::pair<int, int>> stack = {{0, 0}};  // node, depth
  while (!stack.empty()) {
    const auto [node, depth] = stack.back();
    stack.pop_back();
    path.resize(depth);
    if (depth > 0) path[depth - 1] = node;
    depth_ = std::max(depth_, depth);
    const TreeNode& n = tree.nodes[node];
    if (n.is_leaf()) {
      max_players_ = std::max(max_players_, distinct[node]);
      continue;
    }
    if (!(n.cover > 0)) {
      throw std::invalid_argument("a split node (" + std::to_string(node) +
                                  ") has no training cover (sum_hessian 0): path-dependent "
                                  "TreeSHAP needs it; use the interventional mode");
    }
    const int player = player_of[n.feature];
    int earlier = 0;
    for (int d = depth; d >= 1 && earlier == 0; --d) {
      if (edges[path[d - 1]].player == player) earlier = d;
    }
    if (earlier > 0) {
      // Both edges into the earlier split's children share its player; the one on this path
      // is path[earlier - 1].
      edges[path[earlier - 1]].recurs = true;
    }
    for (const int child : {n.left, n.right}) {
      Edge& e = edges[child];
      e.player = player;
      e.depth = depth + 1;
      e.earlier_depth = earlier > 0 ? earlier : -1;
      e.ratio = tree.nodes[child].cover / n.cover;
      earlier_node[child] = earlier > 0 ? path[earlier - 1] : -1;
      fraction[child] = (earlier > 0 ? fraction[earlier_node[child]] : 1.0) * e.ratio;
      e.cold_vanishes = fraction[child] == 0;
      distinct[child] = distinct[node] + (earlier == 0);
      stack.push_back({child, depth + 1});
    }
  }
  n_ = std::max(1, (max_players_ + 1) / 2);
  const QuadratureRule rule = GaussLegendre(n_);
  cold_credit_.resize(n_);
  for (int p = 0; p < n_; ++p) cold_credit_[p] = -rule.weights[p] / (1 - rule.nodes[p]);
  factors_.assign(3 * static_cast<size_t>(size) * n_, 0.0);
  // A followed player's factor is g = z + (1 - z) t, one newly not followed z (1 - t). A player
  // that split above replaces its factor there, which was followed (else it would stay cold).
  for (int node = 1; node < size; ++node) {
    if (edges[node].player < 0) continue;  // unreachable from the root
    const double z = fraction[node];
    const double earlier_z = earlier_node[node] >= 0 ? fraction[earlier_node[node]] : -1;
    double* hot = &factors_[3 * static_cast<size_t>(node) * n_];
    double* cold = hot + n_;
    double* credit = cold + n_;
    for (int p = 0; p < n_; ++p) {
      const double t = rule.nodes[p];
      const double g_hot = z + (1 - z) * t;
      const double divisor = earlier_z >= 0 ? earlier_z + (1 - earlier_z) * t : 1.0;
      hot[p] = g_hot / divisor;
      cold[p] = z * (1 - t) / divisor;
      credit[p] = rule.weights[p] * (1 - z) / g_hot;
    }
  }
  // Walk order: the nodes the root reaches in preorder (left subtree first), each with the edge
  // into it and its factors, so that a row's walk reads nodes_ and factors_ front to back
  // instead of jumping over the tree's arrays.
  std::vector<int> order, position(size, -1);
  for (std::vector<int> stack = {0}; !stack.empty();) {
    const int node = stack.back();
    stack.pop_back();
    position[node] = static_cast<int>(order.size());
    order.push_back(node);
    const TreeNode& n = tree.nodes[node];
    if (n.is_leaf()) continue;
    stack.push_back(n.right);
    stack.push_back(n.left);
  }
  std::vector<double> factors(3 * order.size() * n_);
  nodes_.resize(order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    const TreeNode& n = tree.nodes[order[i]];
    Node& w = nodes_[i];
    w.edge = edges[order[i]];
    w.value = n.value;
    w.feature = n.feature;
    w.threshold = n.threshold;
    w.right = n.is_leaf() ? -1 : position[n.right];
    w.original = order[i];
    w.default_left = n.default_left;
    w.special = n.is_categorical() || n.zero_is_missing;
    std::copy_n(&factors_[3 * static_cast<size_t>(order[i]) * n_], 3 * n_, &factors[3 * i * n_]);
  }
  factors_ = std::move(factors);
}

double LinearTreeShap::Add(const Tree& tree, const float* row, double* phi,
                           LinearTreeScratch& scratch) const {
  const size_t levels = static_cast<size_t>(depth_ + 1);
  if (scratch.product.size() < levels * n_) {
    scratch.product.resize(levels * n_);
    scratch.sum.resize(levels * n_);
    scratch.shadowed.resize(levels * n_);
  }
  if (scratch.hot.size() < levels) scratch.hot.resize(levels);
  std::fill_n(scratch.product.begin(), n_, 1.0);
  scratch.hot[0] = 1;
  switch (n_) {
    case 1:
      return Walk<1>(tree, row, 0, true, phi, scratch);
    case 2:
      return Walk<2>(tree, row, 0, true, phi, scratch);
    case 3:
      return Walk<3>(tree, row, 0, true, phi, scratch);
    case 4:
      return Walk<4>(tree, row, 0, true, phi, scratch);
    case 5:
      return Walk<5>(tree, row, 0, true, phi, scratch);
    case 6:
      return Walk<6>(tree, row, 0, true, phi, scratch);
    case 7:
      return Walk<7>(tree, row, 0, true, phi, scratch);
    case 8:
      return Walk<8>(tree, row, 0, true, phi, scratch);
    default:
      return Walk<0>(tree, row, 0, true, phi, scratch);
  }
}

template <int kPoints>
double LinearTreeShap::Walk(const Tree& tree, const float* row, int node, bool reached, double* phi,
                            LinearTreeScratch& s) const {
  // The quadrature points as one Eigen array: fixed-size ones are unrolled into vector
  // instructions, where the loops over them compiled to scalar code.
  using Points = Eigen::Array<double, (kPoints > 0 ? kPoints : Eigen::Dynamic), 1>;
  using View = Eigen::Map<Points>;
  using ConstView = Eigen::Map<const Points>;
  const Node& n = nodes_[node];
  const int points = kPoints > 0 ? kPoints : n_;
  const int depth = n.edge.depth;
  const ConstView product(&s.product[static_cast<size_t>(depth) * points], points);
  View sum(&s.sum[static_cast<size_t>(depth) * points], points);
  if (n.right < 0) {
    sum = n.value * product;
    return reached ? n.value : 0.0;
  }
  sum.setZero();
  const float x = row[n.feature];
  const bool goes_left = n.special ? GoesLeft(tree, tree.nodes[n.original], x)
                                   : (std::isnan(x) ? n.default_left : x < n.threshold);
  const int left = node + 1;
  double reached_value = 0;
  View child_product(&s.product[static_cast<size_t>(depth + 1) * points], points);
  const ConstView child_sum(&s.sum[static_cast<size_t>(depth + 1) * points], points);
  View shadowed(&s.shadowed[static_cast<size_t>(depth + 1) * points], points);
  for (const int child : {left, n.right}) {
    const Edge& e = nodes_[child].edge;
    const bool followed = (child == left) == goes_left;
    const bool was_cold = e.earlier_depth >= 0 && !s.hot[e.earlier_depth];
    const bool hot = followed && !was_cold;
    if (!hot && e.cold_vanishes) continue;  // G = 0 on every leaf below: nothing to add
    if (hot) {
      child_product = product * ConstView(HotFactor(child), points);
    } else if (was_cold) {
      child_product = product * e.ratio;
    } else {
      child_product = product * ConstView(ColdFactor(child), points);
    }
    s.hot[depth + 1] = hot;
    if (e.recurs) shadowed.setZero();
    const Node& c = nodes_[child];
    if (c.right < 0) {
      // A leaf, here rather than in a call of its own: half the nodes of a tree are leaves.
      View(&s.sum[static_cast<size_t>(depth + 1) * points], points) = c.value * child_product;
      reached_value += reached && followed ? c.value : 0.0;
    } else {
      reached_value += Walk<kPoints>(tree, row, child, reached && followed, phi, s);
    }
    // The player's credit from the leaves below where this edge is its last one: all of them
    // unless the player splits again below (`shadowed` holds what those later edges credit).
    const ConstView credit(hot ? HotCredit(child) : cold_credit_.data(), points);
    phi[e.player] +=
        e.recurs ? (credit * (child_sum - shadowed)).sum() : (credit * child_sum).sum();
    if (e.earlier_depth >= 0) {
      View(&s.shadowed[static_cast<size_t>(e.earlier_depth) * points], points) += child_sum;
    }
    sum += child_sum;
  }
  return reached_value;
}

int64_t LinearTreeShap::bytes() const {
  return static_cast<int64_t>(nodes_.capacity() * sizeof(Node) +
                              (factors_.capacity() + cold_credit_.capacity()) * sizeof(double));
}

}  // namespace whyrec
