#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "core/explain/trees/tree_paths.h"
#include "core/models/tree_ensemble.h"

namespace whyrec {

// A node still to visit, with the mask of the path players the row follows above it.
struct TreeWalkEntry {
  int node;
  uint64_t mask;  // bit j: the row follows the path's player in slot j so far
};

// One depth-first walk of `tree` for `row`, visiting both children of every split and calling
// visit(leaf, mask) at each leaf (leaf: its index in TreePaths::leaves; bit j of mask: whether
// the row follows the leaf path's player in slot j, for slots below 64). Left children first,
// as ExtractLeafPaths numbered the leaves. `stack` holds max_depth + 2 entries; `special` is
// TreeEnsemble::has_special_splits of the tree.
template <typename Visit>
void WalkLeafMasks(const Tree& tree, bool special, const TreeLayout& layout, const float* row,
                   std::vector<TreeWalkEntry>& stack, const Visit& visit) {
  const TreeNode* nodes = tree.nodes.data();
  int top = 0;
  stack[top++] = {0, ~uint64_t{0}};
  while (top > 0) {
    const TreeWalkEntry entry = stack[--top];
    const TreeNode& node = nodes[entry.node];
    if (node.is_leaf()) {
      visit(layout.leaf[entry.node], entry.mask);
      continue;
    }
    const float x = row[node.feature];
    const bool left = special ? GoesLeft(tree, node, x) : GoesLeftNumerical(node, x);
    const int slot = layout.slot[entry.node];
    const uint64_t missed = slot < 64 ? entry.mask & ~(uint64_t{1} << slot) : entry.mask;
    stack[top++] = {node.right, left ? missed : entry.mask};
    stack[top++] = {node.left, left ? entry.mask : missed};
  }
}

// The masks WalkLeafMasks hands to the leaves, for a tree of numerical splits whose paths have
// at most 32 players, computed in one pass over its splits in preorder (parents first): no stack
// and no branch on the row's values, which a depth-first walk mispredicts at every other split.
class SplitMaskPass {
 public:
  SplitMaskPass(const Tree& tree, const TreeLayout& layout) {
    std::vector<int> stack = {0};
    while (!stack.empty()) {
      const int node = stack.back();
      stack.pop_back();
      const TreeNode& n = tree.nodes[node];
      if (n.is_leaf()) continue;
      splits_.push_back({node, n.feature, n.threshold, ~(uint32_t{1} << layout.slot[node]), n.left,
                         n.right, n.default_left});
      stack.push_back(n.right);
      stack.push_back(n.left);
    }
  }

  // masks[node] for every node the root reaches (masks holds one per node of the tree): bit j,
  // whether the row follows the player in slot j of the paths through the node so far.
  void Run(const float* row, uint32_t* masks) const {
    masks[0] = ~uint32_t{0};
    for (const Split& s : splits_) Step(s, GoesLeft(s, row), masks);
  }

  // The splits, in preorder.
  size_t splits() const { return splits_.size(); }
  // The node of the i-th split in preorder.
  int split_node(size_t i) const { return splits_[i].node; }

  // Bit i: whether the row goes left at the i-th split (splits() <= 64).
  uint64_t Decisions(const float* row) const {
    uint64_t decisions = 0;
    for (size_t i = 0; i < splits_.size(); ++i) {
      decisions |= uint64_t{GoesLeft(splits_[i], row)} << i;
    }
    return decisions;
  }

  int64_t bytes() const { return static_cast<int64_t>(splits_.capacity() * sizeof(Split)); }

 private:
  struct Split {
    int node;
    int feature;
    float threshold;
    uint32_t keep;  // all bits but the split's slot
    int left;
    int right;
    uint32_t default_left;  // 0 or 1
  };

  // 1 when x goes left (NaN: the default direction), in bitwise operations so that the compiler
  // does not branch on it.
  static uint32_t GoesLeft(const Split& s, const float* row) {
    const float x = row[s.feature];
    return uint32_t{x < s.threshold} | (uint32_t{std::isnan(x)} & s.default_left);
  }

  static void Step(const Split& s, uint32_t left, uint32_t* masks) {
    const uint32_t mask = masks[s.node];
    masks[s.left] = mask & (s.keep | (0u - left));
    masks[s.right] = mask & (s.keep | (left - 1u));
  }

  std::vector<Split> splits_;
};

}  // namespace whyrec
