#include "core/models/onnx_branches.h"

#include <cmath>
#include <stdexcept>

namespace whyrec {
namespace {

[[noreturn]] void Fail(const std::string& what) { throw std::invalid_argument(what); }

// Every node reached exactly once from the root, before the rewrite walks (and copies) it.
void CheckTree(const std::vector<OnnxTreeNode>& nodes, const std::vector<int64_t>& node_ids,
               const std::string& where) {
  std::vector<char> seen(nodes.size(), 0);
  std::vector<int> stack = {0};
  seen[0] = 1;
  size_t reached = 1;
  while (!stack.empty()) {
    const int i = stack.back();
    stack.pop_back();
    if (nodes[i].mode == OnnxBranch::kLeaf) continue;
    for (const int child : {nodes[i].true_child, nodes[i].false_child}) {
      if (seen[child]) {
        Fail(where + ", node " + std::to_string(node_ids[i]) + ": child " +
             std::to_string(node_ids[child]) + " is reached twice (cycle)");
      }
      seen[child] = 1;
      ++reached;
      stack.push_back(child);
    }
  }
  if (reached != nodes.size()) {
    Fail(where + " has " + std::to_string(nodes.size()) + " nodes but only " +
         std::to_string(reached) + " are reachable from its root");
  }
}

float Up(float v) { return std::nextafter(v, INFINITY); }

}  // namespace

LessThanTree ToLessThanSplits(const std::vector<OnnxTreeNode>& nodes,
                              const std::vector<int64_t>& node_ids, const std::string& where,
                              size_t& budget) {
  CheckTree(nodes, node_ids, where);
  LessThanTree out;
  struct Pending {
    int node;    // ONNX node to copy
    int parent;  // expanded parent, -1 for the root
    bool left;
    double scale;  // of the covers: < 1 inside the copies an EQ/NEQ rewrite makes
  };
  std::vector<Pending> stack = {{0, -1, false, 1.0}};
  const auto add = [&](int node, double cover) {
    if (budget == 0) {
      Fail(where +
           ": rewriting its BRANCH_EQ/BRANCH_NEQ splits as < splits needs more nodes than "
           "the limit (each nested EQ/NEQ split copies a subtree)");
    }
    --budget;
    TreeNode n;
    n.cover = cover;
    out.nodes.push_back(n);
    out.origin.push_back(node);
    return static_cast<int>(out.nodes.size()) - 1;
  };
  while (!stack.empty()) {
    const Pending p = stack.back();
    stack.pop_back();
    const OnnxTreeNode& n = nodes[p.node];
    const int self = add(p.node, n.cover * p.scale);
    if (p.parent >= 0) (p.left ? out.nodes[p.parent].left : out.nodes[p.parent].right) = self;
    if (n.mode == OnnxBranch::kLeaf) continue;
    out.nodes[self].feature = n.feature;
    if (n.mode == OnnxBranch::kEq || n.mode == OnnxBranch::kNeq) {
      // `kept` is reached only when x equals v (EQ's true, NEQ's false subtree); `copied` on
      // both sides of v, half its cover on each.
      const bool eq = n.mode == OnnxBranch::kEq;
      const int kept = eq ? n.true_child : n.false_child;
      const int copied = eq ? n.false_child : n.true_child;
      const double kept_cover = nodes[kept].cover, copied_cover = nodes[copied].cover;
      const int middle = add(p.node, (kept_cover + 0.5 * copied_cover) * p.scale);
      out.nodes[self].threshold = n.value;
      out.nodes[self].right = middle;
      out.nodes[middle].feature = n.feature;
      out.nodes[middle].threshold = Up(n.value);
      // NaN: EQ goes to its true branch only when it tracks missing values; NaN != v holds.
      const bool nan_to_kept = eq && n.missing_true;
      out.nodes[self].default_left = !nan_to_kept;
      out.nodes[middle].default_left = nan_to_kept;
      stack.push_back({copied, self, true, 0.5 * p.scale});
      stack.push_back({kept, middle, true, p.scale});
      stack.push_back({copied, middle, false, 0.5 * p.scale});
      continue;
    }
    // The others in one split, with the true branch left (LT, LEQ) or right (GTE, GT); NaN
    // compares false, so it goes to the false branch unless it tracks true.
    const bool le = n.mode == OnnxBranch::kLeq || n.mode == OnnxBranch::kGt;
    const bool true_is_left = n.mode == OnnxBranch::kLt || n.mode == OnnxBranch::kLeq;
    out.nodes[self].threshold = le ? Up(n.value) : n.value;
    out.nodes[self].default_left = n.missing_true == true_is_left;
    stack.push_back({true_is_left ? n.true_child : n.false_child, self, true, p.scale});
    stack.push_back({true_is_left ? n.false_child : n.true_child, self, false, p.scale});
  }
  return out;
}

}  // namespace whyrec
