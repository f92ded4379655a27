#include "core/models/tree_ensemble.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace whyrec {
namespace {

// Paths longer than this are almost surely a malformed file (a chain of single splits); the
// limit bounds the memory of per-leaf path tables, which grows with depth times leaves.
constexpr int kMaxTreeDepth = 256;

[[noreturn]] void Fail(int t, int node, const std::string& what) {
  throw std::invalid_argument("tree " + std::to_string(t) + ", node " + std::to_string(node) +
                              ": " + what);
}

// Walks the tree from the root without recursion and returns its depth; every node must be
// reached exactly once (no cycle, no shared child, no orphan).
int CheckStructure(const Tree& tree, int t, int width, int outputs) {
  const int n = static_cast<int>(tree.nodes.size());
  if (n == 0) throw std::invalid_argument("tree " + std::to_string(t) + " has no nodes");
  if (tree.output < 0 || tree.output >= outputs) {
    throw std::invalid_argument("tree " + std::to_string(t) + " adds to output " +
                                std::to_string(tree.output) + ", expected 0.." +
                                std::to_string(outputs - 1));
  }
  std::vector<char> seen(n, 0);
  std::vector<std::pair<int, int>> stack = {{0, 0}};
  seen[0] = 1;
  int depth = 0, reached = 1;
  while (!stack.empty()) {
    const auto [i, level] = stack.back();
    stack.pop_back();
    depth = std::max(depth, level);
    if (level > kMaxTreeDepth) {
      Fail(t, i, "deeper than " + std::to_string(kMaxTreeDepth) + " levels");
    }
    const TreeNode& node = tree.nodes[i];
    if (!std::isfinite(node.cover) || node.cover < 0) {
      Fail(t, i, "cover must be finite and >= 0, got " + std::to_string(node.cover));
    }
    if (node.is_leaf()) {
      if (node.right != -1) Fail(t, i, "has a right child but no left child");
      if (!std::isfinite(node.value)) Fail(t, i, "leaf value is not finite");
      continue;
    }
    if (node.feature < 0 || node.feature >= width) {
      Fail(t, i,
           "splits on feature " + std::to_string(node.feature) + ", expected 0.." +
               std::to_string(width - 1));
    }
    if (node.is_categorical()) {
      const auto words = static_cast<int64_t>(tree.category_words.size());
      if (node.categories_begin + int64_t{node.categories_size} > words) {
        Fail(t, i, "category set out of range of the tree's " + std::to_string(words) + " words");
      }
    } else if (std::isnan(node.threshold)) {
      Fail(t, i, "threshold is NaN");
    }
    for (const int child : {node.left, node.right}) {
      if (child < 0 || child >= n) {
        Fail(t, i,
             "child " + std::to_string(child) + " is out of range 0.." + std::to_string(n - 1));
      }
      if (seen[child]) Fail(t, i, "child " + std::to_string(child) + " is reached twice (cycle)");
      seen[child] = 1;
      ++reached;
      stack.emplace_back(child, level + 1);
    }
  }
  if (reached != n) {
    throw std::invalid_argument("tree " + std::to_string(t) + " has " + std::to_string(n) +
                                " nodes but only " + std::to_string(reached) +
                                " are reachable from the root");
  }
  return depth;
}

}  // namespace

bool GoesLeftAtSpecialSplit(const Tree& tree, const TreeNode& node, float x) {
  if (TakesDefault(x, node.zero_is_missing)) return node.default_left;
  if (node.is_categorical()) {
    return InCategorySet(tree.category_words.data() + node.categories_begin, node.categories_size,
                         x);
  }
  return x < node.threshold;
}

float LessEqualThreshold(double t) {
  float below = static_cast<float>(t);  // the float nearest t
  if (static_cast<double>(below) > t) below = std::nextafter(below, -INFINITY);
  return std::nextafter(below, INFINITY);
}

TreeEnsemble::TreeEnsemble(std::vector<std::string> feature_names, std::vector<Tree> trees,
                           Eigen::VectorXd base_margin, OutputTransform transform,
                           std::string objective, std::vector<DerivedOutput> derived)
    : feature_names_(std::move(feature_names)),
      trees_(std::move(trees)),
      base_margin_(std::move(base_margin)),
      transform_(transform),
      objective_(std::move(objective)),
      derived_(std::move(derived)) {
  if (feature_names_.empty()) throw std::invalid_argument("a tree ensemble needs features");
  if (base_margin_.size() == 0 || !base_margin_.allFinite()) {
    throw std::invalid_argument("a tree ensemble needs a finite base margin per output");
  }
  for (size_t t = 0; t < trees_.size(); ++t) {
    max_depth_ = std::max(
        max_depth_, CheckStructure(trees_[t], static_cast<int>(t), input_width(), num_outputs()));
    const auto& nodes = trees_[t].nodes;
    special_.push_back(std::any_of(nodes.begin(), nodes.end(), [](const TreeNode& node) {
      return !node.is_leaf() && (node.is_categorical() || node.zero_is_missing);
    }));
  }
}

std::vector<std::string> TreeEnsemble::output_names() const {
  std::vector<std::string> names = {"margin"};
  if (transform_ == OutputTransform::kExp) names.push_back("prediction");
  if (transform_ == OutputTransform::kSigmoid || transform_ == OutputTransform::kSoftmax) {
    names.push_back("prob");
  }
  for (const DerivedOutput& d : derived_) names.push_back(d.name);
  return names;
}

int TreeEnsemble::Leaf(int t, const float* row) const {
  const std::vector<TreeNode>& nodes = trees_[t].nodes;
  int i = 0;
  while (!nodes[i].is_leaf()) {
    const TreeNode& node = nodes[i];
    const float x = row[node.feature];
    const bool left = special_[t] ? GoesLeft(trees_[t], node, x) : GoesLeftNumerical(node, x);
    i = left ? node.left : node.right;
  }
  return i;
}

Eigen::VectorXd TreeEnsemble::Margin(const float* row) const {
  Eigen::VectorXd margin = base_margin_;
  for (size_t t = 0; t < trees_.size(); ++t) {
    margin[trees_[t].output] += trees_[t].nodes[Leaf(static_cast<int>(t), row)].value;
  }
  return margin;
}

RowMatrixF TreeEnsemble::Predict(ConstMatrixView rows, int output) {
  if (rows.cols() != input_width()) {
    throw std::invalid_argument("the tree ensemble expects " + std::to_string(input_width()) +
                                " inputs, got " + std::to_string(rows.cols()));
  }
  const int first_derived = static_cast<int>(output_names().size() - derived_.size());
  if (output >= first_derived) {
    const DerivedOutput& derived = derived_.at(output - first_derived);
    RowMatrixF out;
    for (Eigen::Index r = 0; r < rows.rows(); ++r) {
      const Eigen::VectorXd value = derived.compute(Margin(rows.row(r).data()));
      if (r == 0) out.resize(rows.rows(), value.size());
      out.row(r) = value.cast<float>().transpose();
    }
    return out;
  }
  RowMatrixF out(rows.rows(), num_outputs());
  for (Eigen::Index r = 0; r < rows.rows(); ++r) {
    Eigen::ArrayXd margin = Margin(rows.row(r).data()).array();
    if (output == 1) {
      switch (transform_) {
        case OutputTransform::kSigmoid:
          margin = 1.0 / (1.0 + (-margin).exp());
          break;
        case OutputTransform::kSoftmax:
          margin = (margin - margin.maxCoeff()).exp();
          margin /= margin.sum();
          break;
        case OutputTransform::kExp:
          margin = margin.exp();
          break;
        case OutputTransform::kIdentity:
          break;
      }
    }
    out.row(r) = margin.cast<float>().transpose();
  }
  return out;
}

bool EveryCoverKnown(const TreeEnsemble& model) {
  for (const Tree& tree : model.trees()) {
    for (const TreeNode& node : tree.nodes) {
      if (!node.is_leaf() && !(node.cover > 0)) return false;
    }
  }
  return true;
}

}  // namespace whyrec
