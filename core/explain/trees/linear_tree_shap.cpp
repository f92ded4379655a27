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
      max_player_ = std::max(max_player_, player);
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
  double leaf = 0;
  WalkFromRoot<1>(tree, &row, &phi, &leaf, scratch);
  return leaf;
}

void LinearTreeShap::AddRows(const Tree& tree, int count, const float* const* rows,
                             double* const* phi, double* leaf, LinearTreeScratch& scratch) const {
  // A block walk costs about five single ones (deep_d12: 523 against 1,578 us a row in blocks of
  // 16): fewer rows walk alone rather than padded.
  if (count <= kRowBlock / 3) {
    for (int r = 0; r < count; ++r) WalkFromRoot<1>(tree, &rows[r], &phi[r], &leaf[r], scratch);
    return;
  }
  // A partial block is filled with copies of its first row, credited to a buffer nobody reads.
  scratch.unused.resize(static_cast<size_t>(max_player_) + 1);
  const float* block_rows[kRowBlock];
  double* block_phi[kRowBlock];
  double block_leaf[kRowBlock] = {};
  for (int r = 0; r < kRowBlock; ++r) {
    block_rows[r] = rows[r < count ? r : 0];
    block_phi[r] = r < count ? phi[r] : scratch.unused.data();
  }
  WalkFromRoot<kRowBlock>(tree, block_rows, block_phi, block_leaf, scratch);
  std::copy_n(block_leaf, count, leaf);
}

template <int kRows>
void LinearTreeShap::WalkFromRoot(const Tree& tree, const float* const* rows, double* const* phi,
                                  double* leaf, LinearTreeScratch& scratch) const {
  const size_t levels = static_cast<size_t>(depth_ + 1);
  if (scratch.product.size() < levels * n_ * kRows) {
    scratch.product.resize(levels * n_ * kRows);
    scratch.sum.resize(levels * n_ * kRows);
    scratch.shadowed.resize(levels * n_ * kRows);
  }
  if (scratch.hot.size() < levels * kRows) scratch.hot.resize(levels * kRows);
  std::fill_n(scratch.product.begin(), n_ * kRows, 1.0);
  std::fill_n(scratch.hot.begin(), kRows, 1);
  std::fill_n(leaf, kRows, 0.0);
  constexpr unsigned kAll = (1u << kRows) - 1;
  switch (n_) {
    case 1:
      return Walk<1, kRows>(tree, rows, 0, kAll, phi, leaf, scratch);
    case 2:
      return Walk<2, kRows>(tree, rows, 0, kAll, phi, leaf, scratch);
    case 3:
      return Walk<3, kRows>(tree, rows, 0, kAll, phi, leaf, scratch);
    case 4:
      return Walk<4, kRows>(tree, rows, 0, kAll, phi, leaf, scratch);
    case 5:
      return Walk<5, kRows>(tree, rows, 0, kAll, phi, leaf, scratch);
    case 6:
      return Walk<6, kRows>(tree, rows, 0, kAll, phi, leaf, scratch);
    case 7:
      return Walk<7, kRows>(tree, rows, 0, kAll, phi, leaf, scratch);
    case 8:
      return Walk<8, kRows>(tree, rows, 0, kAll, phi, leaf, scratch);
    default:
      return Walk<0, kRows>(tree, rows, 0, kAll, phi, leaf, scratch);
  }
}

template <int kPoints, int kRows>
void LinearTreeShap::Walk(const Tree& tree, const float* const* rows, int node, unsigned reached,
                          double* const* phi, double* leaf, LinearTreeScratch& s) const {
  // The quadrature points as Eigen arrays, one column per row: fixed-size ones are unrolled into
  // vector instructions, where loops over them compiled to scalar code.
  constexpr int kSize = kPoints > 0 ? kPoints : Eigen::Dynamic;
  using Points = Eigen::Array<double, kSize, 1>;
  using ConstView = Eigen::Map<const Points>;
  using Block = Eigen::Map<Eigen::Array<double, kSize, kRows>>;
  using ConstBlock = Eigen::Map<const Eigen::Array<double, kSize, kRows>>;
  const Node& n = nodes_[node];
  const int points = kPoints > 0 ? kPoints : n_;
  const size_t level = static_cast<size_t>(points) * kRows;  // doubles per depth
  const int depth = n.edge.depth;
  const ConstBlock product(&s.product[depth * level], points, kRows);
  Block sum(&s.sum[depth * level], points, kRows);
  if (n.right < 0) {
    sum = n.value * product;
    for (int r = 0; r < kRows; ++r) leaf[r] = (reached >> r) & 1 ? n.value : leaf[r];
    return;
  }
  sum.setZero();
  unsigned goes_left = 0;
  for (int r = 0; r < kRows; ++r) {
    const float x = rows[r][n.feature];
    const bool left = n.special ? GoesLeft(tree, tree.nodes[n.original], x)
                                : (std::isnan(x) ? n.default_left : x < n.threshold);
    goes_left |= unsigned{left} << r;
  }
  const int left = node + 1;
  Block child_product(&s.product[(depth + 1) * level], points, kRows);
  const ConstBlock child_sum(&s.sum[(depth + 1) * level], points, kRows);
  Block shadowed(&s.shadowed[(depth + 1) * level], points, kRows);
  char* hot_below = &s.hot[static_cast<size_t>(depth + 1) * kRows];
  for (const int child : {left, n.right}) {
    const Edge& e = nodes_[child].edge;
    const unsigned followed = child == left ? goes_left : ~goes_left & ((1u << kRows) - 1);
    unsigned was_cold = 0;
    if (e.earlier_depth >= 0) {
      const char* hot_earlier = &s.hot[static_cast<size_t>(e.earlier_depth) * kRows];
      for (int r = 0; r < kRows; ++r) was_cold |= unsigned{hot_earlier[r] == 0} << r;
    }
    const unsigned hot = followed & ~was_cold;
    // G = 0 on every leaf below for the rows that are not hot: nothing to add unless a row is.
    // (In a block, such a row's product below is 0, so what it adds is 0.)
    if (hot == 0 && e.cold_vanishes) continue;
    for (int r = 0; r < kRows; ++r) {
      const bool row_hot = (hot >> r) & 1;
      if ((was_cold >> r) & 1) {
        child_product.col(r) = product.col(r) * e.ratio;
      } else {
        child_product.col(r) =
            product.col(r) * ConstView(row_hot ? HotFactor(child) : ColdFactor(child), points);
      }
      hot_below[r] = row_hot;
    }
    if (e.recurs) shadowed.setZero();
    const Node& c = nodes_[child];
    if (c.right < 0) {
      // A leaf, here rather than in a call of its own: half the nodes of a tree are leaves.
      Block(&s.sum[(depth + 1) * level], points, kRows) = c.value * child_product;
      for (int r = 0; r < kRows; ++r) leaf[r] = (reached & followed) >> r & 1 ? c.value : leaf[r];
    } else {
      Walk<kPoints, kRows>(tree, rows, child, reached & followed, phi, leaf, s);
    }
    // The player's credit from the leaves below where this edge is its last one: all of them
    // unless the player splits again below (`shadowed` holds what those later edges credit).
    for (int r = 0; r < kRows; ++r) {
      const ConstView credit((hot >> r) & 1 ? HotCredit(child) : cold_credit_.data(), points);
      phi[r][e.player] += e.recurs ? (credit * (child_sum.col(r) - shadowed.col(r))).sum()
                                   : (credit * child_sum.col(r)).sum();
    }
    if (e.earlier_depth >= 0)
      Block(&s.shadowed[e.earlier_depth * level], points, kRows) += child_sum;
    sum += child_sum;
  }
}

int64_t LinearTreeShap::bytes() const {
  return static_cast<int64_t>(nodes_.capacity() * sizeof(Node) +
                              (factors_.capacity() + cold_credit_.capacity()) * sizeof(double));
}

}  // namespace whyrec
