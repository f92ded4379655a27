#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/models/tree_ensemble.h"

namespace whyrec {

// ONNX's branch modes: the true branch is taken when x (mode) value, or when x is missing and
// the node's missing value tracks true.
enum class OnnxBranch { kLeaf, kLt, kLeq, kGte, kGt, kEq, kNeq };

// One node of one ONNX tree; children are indices into the tree's node list (root first).
struct OnnxTreeNode {
  OnnxBranch mode = OnnxBranch::kLeaf;
  int feature = 0;
  float value = 0;
  int true_child = -1;
  int false_child = -1;
  bool missing_true = false;
  double cover = 0;  // nodes_hitrates
};

// The same tree as `x < threshold` splits (TreeNode), which is all TreeSHAP reads.
struct LessThanTree {
  std::vector<TreeNode> nodes;  // leaf values 0: the caller fills them in
  std::vector<int> origin;      // per node, the ONNX node it copies
};

// Rewrites an ONNX tree as `x < t` splits that send every row, NaN included, to (a copy of) the
// leaf ONNX Runtime sends it to. LT, LEQ, GTE and GT become one split each (LEQ and GT compare
// with the next float32 up). x == v is not an interval, so EQ becomes
//   x < v -> false subtree; else x < next(v) -> true subtree; else a copy of the false subtree
// (NEQ the same with the true subtree copied). The copies' covers are halved so that, with the
// feature unknown, the two splits together weigh the branches as the EQ split did: the
// path-dependent game, and so its Shapley values, are unchanged (tests compare with a brute force
// over the ONNX tree). A copy can hold further EQ splits, so the size can double with every
// nested EQ: `budget` (nodes still allowed, across the ensemble) is decremented and exceeding
// it throws. Also throws, naming `where` and the node by `node_ids`, when a node is reached twice
// (a cycle) or the root does not reach every node.
LessThanTree ToLessThanSplits(const std::vector<OnnxTreeNode>& nodes,
                              const std::vector<int64_t>& node_ids, const std::string& where,
                              size_t& budget);

}  // namespace whyrec
