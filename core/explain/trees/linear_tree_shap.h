#pragma once

#include <cstdint>
#include <vector>

#include "core/models/tree_ensemble.h"

namespace whyrec {

// Buffers of LinearTreeShap's walk, reusable across trees and rows (one per thread). Per depth,
// one entry (or n, one per quadrature node) for each row the walk carries.
struct LinearTreeScratch {
  std::vector<double> product;   // the path's product at the quadrature nodes
  std::vector<double> sum;       // sum of leaf value x product below the node
  std::vector<double> shadowed;  // the part of `sum` where the edge's player recurs
  std::vector<char> hot;         // whether the row follows the edge's player so far
  std::vector<double> unused;    // phi of the rows that fill a partial block
};

// Path-dependent TreeSHAP of one tree in O(nodes x n) per row, n = ceil(k / 2) for paths of at
// most k players (Linear TreeShap, Yu et al. 2022, with a quadrature in place of their
// interpolation). A leaf's game v(S) = value prod_{j in S} h_j prod_{j not in S} z_j (h_j: the
// row follows player j's edges, z_j: their cover fraction) has, by Owen's multilinear formula,
//   phi_i = value (h_i - z_i) int_0^1 prod_{j != i} g_j(t) dt,   g_j(t) = z_j + (h_j - z_j) t,
// a polynomial of degree k - 1 that the n-point Gauss-Legendre rule integrates exactly. So one
// walk per row carries the product G at the n nodes down the tree, sums value x G up from the
// leaves, and credits each edge's player with the sum over the leaves below it where that edge
// is the player's last: coefficient (h - z) / g per node, i.e. -1 / (1 - t) for a player the row
// does not follow. Every term is non-negative, so nothing cancels; no division by a cover
// fraction. Splits are decided by GoesLeft (categorical and zero-as-missing splits included).
//
// A walk can carry a block of rows (AddRows): a row's walk visits nearly every node (it skips
// only subtrees of zero cover on its path), so each node's record and factors are read once for
// the block instead of once per row. Rows in a block do not mix: each row's values are those of
// its own walk, bit for bit (in a subtree that only other rows need, a row adds zeros).
class LinearTreeShap {
 public:
  // The rows one walk carries at most.
  static constexpr int kRowBlock = 16;

  // player_of maps features to players. Throws std::invalid_argument when a split has no cover.
  LinearTreeShap(const Tree& tree, const std::vector<int>& player_of);

  // Adds the tree's contributions for `row` to phi[player] (the caller offsets phi to the tree's
  // output) and returns the value of the leaf the row reaches.
  double Add(const Tree& tree, const float* row, double* phi, LinearTreeScratch& scratch) const;

  // Add for `count` rows (1 to kRowBlock), in one walk unless they are few: rows[r]'s
  // contributions go to phi[r] and the value of the leaf it reaches to leaf[r].
  void AddRows(const Tree& tree, int count, const float* const* rows, double* const* phi,
               double* leaf, LinearTreeScratch& scratch) const;

  int max_path_players() const { return max_players_; }
  int depth() const { return depth_; }
  int64_t bytes() const;

 private:
  // What the edge into a node adds to the path (unused at the root).
  struct Edge {
    int player;
    int depth;           // of the node; the root is at 0
    int earlier_depth;   // where the player last split above, -1 if it did not
    bool cold_vanishes;  // its cover fraction on the path is 0: G = 0 below unless followed
    bool recurs;         // the player splits again below: some leaves credit a later edge
    double ratio;        // child / parent cover
  };

  // The walk of kRows rows from `node` down; bit r of `reached`: row r follows the path to it.
  // kPoints: the number of quadrature nodes when known at compile time (small trees, unrolled
  // loops), 0 to read n_.
  template <int kPoints, int kRows>
  void Walk(const Tree& tree, const float* const* rows, int node, unsigned reached,
            double* const* phi, double* leaf, LinearTreeScratch& s) const;
  template <int kRows>
  void WalkFromRoot(const Tree& tree, const float* const* rows, double* const* phi, double* leaf,
                    LinearTreeScratch& s) const;
  // The per-node factors, n each: G's multiplier when the player is followed (hot) or newly
  // not followed (cold; a player already cold multiplies G by `ratio`), and the credit
  // coefficient of a followed edge (weight x (1 - z) / g).
  const double* HotFactor(int node) const { return &factors_[(3 * int64_t{node}) * n_]; }
  const double* ColdFactor(int node) const { return &factors_[(3 * int64_t{node} + 1) * n_]; }
  const double* HotCredit(int node) const { return &factors_[(3 * int64_t{node} + 2) * n_]; }

  // A node in walk order (preorder: its left child is the next node) with the edge into it.
  struct Node {
    Edge edge;
    double value;  // leaves
    int feature;
    float threshold;
    int right;     // the right child's position; -1 for a leaf
    int original;  // the node in the tree, for categorical and zero-as-missing splits
    bool default_left;
    bool special;  // categorical or zero-as-missing: GoesLeft decides
  };

  int n_ = 1;
  int max_players_ = 0;
  int max_player_ = -1;  // the largest player index that an edge credits
  int depth_ = 0;
  std::vector<Node> nodes_;
  std::vector<double> factors_;      // per node in walk order, 3 x n
  std::vector<double> cold_credit_;  // -weight / (1 - t) per quadrature node
};

}  // namespace whyrec
