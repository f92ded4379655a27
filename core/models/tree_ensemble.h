#pragma once

#include <Eigen/Core>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/models/model.h"
#include "core/models/tree_split.h"

namespace whyrec {

// One node of a binary decision tree. A numerical split sends x to `left` when x[feature] <
// threshold (compared in float32, as XGBoost and ONNX do; formats that compare x <= t in double
// store the float threshold that gives the same answer for every float x). A categorical split
// sends x left when its category is in the node's set. A missing value (NaN, and zero when
// zero_is_missing) goes to the default side.
struct TreeNode {
  int left = -1;  // -1 for a leaf
  int right = -1;
  int feature = -1;
  float threshold = 0;  // +infinity sends every finite value left
  bool default_left = false;
  bool zero_is_missing = false;  // LightGBM's missing type Zero
  // Categorical split: the set is Tree::category_words[categories_begin, + categories_size).
  // 16 bits for the size keep the node at 40 bytes, as before categorical splits: the walks read
  // every node of every tree per row.
  uint16_t categories_size = 0;
  int categories_begin = -1;  // -1 for a numerical split
  double value = 0;           // the leaf's output; unused on splits
  double cover = 0;  // training weight (sum of hessians, or row count) that reached the node
  bool is_leaf() const { return left < 0; }
  bool is_categorical() const { return categories_begin >= 0; }
};

// A tree adds its leaf value to one output (the class of a multi-class model).
struct Tree {
  std::vector<TreeNode> nodes;  // nodes[0] is the root
  int output = 0;
  std::vector<uint32_t> category_words;  // the bitsets of its categorical splits
};

// Whether value x goes to the node's left child at a numerical split without zero-as-missing:
// what walks use on trees without special splits (TreeEnsemble::has_special_splits), where the
// general rule's extra tests cost about 15% of TreeSHAP's time per row.
inline bool GoesLeftNumerical(const TreeNode& node, float x) {
  return std::isnan(x) ? node.default_left : x < node.threshold;
}

// Whether value x of a categorical or zero-as-missing split goes to the node's left child.
bool GoesLeftAtSpecialSplit(const Tree& tree, const TreeNode& node, float x);

// Whether value x of the node's feature goes to the node's left child. The common numerical
// split is decided inline, the others out of line, so that walks stay as fast as before them.
inline bool GoesLeft(const Tree& tree, const TreeNode& node, float x) {
  if (node.is_categorical() || node.zero_is_missing) return GoesLeftAtSpecialSplit(tree, node, x);
  return GoesLeftNumerical(node, x);
}

// The float32 threshold t' such that float x < t' exactly when x <= t in double precision
// (LightGBM's comparison), for every float x.
float LessEqualThreshold(double t);

enum class OutputTransform { kIdentity, kSigmoid, kSoftmax, kExp };

// A further output computed from one row's margins, for formats whose runtime reports something
// other than the margins or their usual transform (ONNX Runtime's classifier scores).
struct DerivedOutput {
  std::string name;
  std::function<Eigen::VectorXd(const Eigen::VectorXd& margin)> compute;
};

// Margin(x) = base_margin + sum of the trees' leaf values, one margin per output (class).
// Outputs: "margin" (n x classes), and the transformed output when the objective has one: "prob"
// (sigmoid, softmax over classes) or "prediction" (exp, for count and gamma objectives), then the
// derived outputs.
class TreeEnsemble : public Model {
 public:
  // Throws std::invalid_argument naming the tree and node when the structure is not a set of
  // binary trees (a child out of range, a node reached twice, a cycle, a leaf with one child),
  // or a threshold, value or cover is not finite.
  TreeEnsemble(std::vector<std::string> feature_names, std::vector<Tree> trees,
               Eigen::VectorXd base_margin, OutputTransform transform, std::string objective,
               std::vector<DerivedOutput> derived = {});

  int input_width() const override { return static_cast<int>(feature_names_.size()); }
  std::vector<std::string> output_names() const override;
  RowMatrixF Predict(ConstMatrixView rows, int output) override;

  // The margins of one row (width input_width()), in double precision.
  Eigen::VectorXd Margin(const float* row) const;
  // The leaf that row reaches in tree t.
  int Leaf(int t, const float* row) const;

  const std::vector<std::string>& feature_names() const { return feature_names_; }
  const std::vector<Tree>& trees() const { return trees_; }
  const Eigen::VectorXd& base_margin() const { return base_margin_; }
  int num_outputs() const { return static_cast<int>(base_margin_.size()); }
  int max_depth() const { return max_depth_; }
  // Whether tree t has a categorical or zero-as-missing split (else GoesLeftNumerical decides).
  bool has_special_splits(int t) const { return special_[t] != 0; }
  const std::string& objective() const { return objective_; }

 private:
  std::vector<std::string> feature_names_;
  std::vector<Tree> trees_;
  Eigen::VectorXd base_margin_;
  OutputTransform transform_;
  std::string objective_;
  std::vector<DerivedOutput> derived_;
  int max_depth_ = 0;
  std::vector<char> special_;  // per tree
};

// Whether every split node has a training cover (> 0), which path-dependent TreeSHAP weighs
// its branches by: XGBoost, LightGBM and distilled trees have them; a distilled rule list, read
// as a tree, has none.
bool EveryCoverKnown(const TreeEnsemble& model);

}  // namespace whyrec
