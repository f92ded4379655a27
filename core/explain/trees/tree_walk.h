#pragma once

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

}  // namespace whyrec
