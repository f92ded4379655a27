#include "core/models/onnx_tree_ensemble.h"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <utility>
#include <vector>

#include "core/models/onnx_branches.h"
#include "core/models/onnx_scores.h"

namespace whyrec {
namespace {

// Nodes after the EQ/NEQ rewrite and the copies per output, across the ensemble: bounds memory
// for files whose nested EQ splits would double their size many times over.
constexpr size_t kMaxNodes = size_t{1} << 21;

std::string Id(int64_t id) { return std::to_string(id); }

bool ParseBranch(const std::string& mode, OnnxBranch& out) {
  static const std::pair<const char*, OnnxBranch> kModes[] = {
      {"LEAF", OnnxBranch::kLeaf},      {"BRANCH_LT", OnnxBranch::kLt},
      {"BRANCH_LEQ", OnnxBranch::kLeq}, {"BRANCH_GTE", OnnxBranch::kGte},
      {"BRANCH_GT", OnnxBranch::kGt},   {"BRANCH_EQ", OnnxBranch::kEq},
      {"BRANCH_NEQ", OnnxBranch::kNeq}};
  for (const auto& [name, value] : kModes) {
    if (mode == name) {
      out = value;
      return true;
    }
  }
  return false;
}

// The trees of the nodes_* attributes, by id in order of appearance, each root first.
struct OnnxTrees {
  std::vector<int64_t> ids;
  std::vector<std::vector<OnnxTreeNode>> nodes;
  std::vector<std::vector<int64_t>> node_ids;
  std::vector<std::map<int64_t, int>> index;  // node id -> position
  int width = 1;                              // 1 + the largest feature split on
};

OnnxTrees ReadTrees(const OnnxAttributeReader& a) {
  const auto tree_ids = a.Ints("nodes_treeids", 0);
  const size_t n = tree_ids.size();
  if (n == 0) a.Fail("nodes_treeids is empty");
  const auto node_ids = a.Ints("nodes_nodeids", n);
  const auto features = a.Ints("nodes_featureids", n);
  const auto modes = a.Strings("nodes_modes", n);
  const auto values = a.Floats("nodes_values", n);
  const auto true_ids = a.Ints("nodes_truenodeids", n);
  const auto false_ids = a.Ints("nodes_falsenodeids", n);
  const auto tracks_true = a.Ints("nodes_missing_value_tracks_true", n);
  const auto hitrates = a.Floats("nodes_hitrates", n);
  for (const char* name : {"nodes_nodeids", "nodes_featureids", "nodes_modes", "nodes_values",
                           "nodes_truenodeids", "nodes_falsenodeids"}) {
    if (!a.Has(name)) a.Fail(std::string(name) + " is missing");
  }
  OnnxTrees trees;
  std::map<int64_t, int> tree_of;
  std::vector<size_t> rows;  // attribute row of each (tree, position), flattened below
  std::vector<std::vector<size_t>> rows_of;
  for (size_t r = 0; r < n; ++r) {
    const auto [it, added] = tree_of.emplace(tree_ids[r], static_cast<int>(trees.ids.size()));
    if (added) {
      trees.ids.push_back(tree_ids[r]);
      trees.nodes.emplace_back();
      trees.node_ids.emplace_back();
      trees.index.emplace_back();
      rows_of.emplace_back();
    }
    const int t = it->second;
    if (!trees.index[t].emplace(node_ids[r], static_cast<int>(rows_of[t].size())).second) {
      a.Fail("tree " + Id(tree_ids[r]) + " has node " + Id(node_ids[r]) + " twice");
    }
    rows_of[t].push_back(r);
    trees.node_ids[t].push_back(node_ids[r]);
  }
  for (size_t t = 0; t < trees.ids.size(); ++t) {
    for (const size_t r : rows_of[t]) {
      const std::string where = "tree " + Id(tree_ids[r]) + ", node " + Id(node_ids[r]);
      OnnxTreeNode node;
      node.cover = hitrates.empty() ? 0.0 : hitrates[r];
      if (!ParseBranch(modes[r], node.mode)) {
        a.Fail(where + ": branch mode " + modes[r] + " is not one of LEAF, BRANCH_LT, " +
               "BRANCH_LEQ, BRANCH_GTE, BRANCH_GT, BRANCH_EQ, BRANCH_NEQ");
      }
      if (node.mode != OnnxBranch::kLeaf) {
        const auto child = [&](int64_t id) {
          const auto it = trees.index[t].find(id);
          if (it == trees.index[t].end()) a.Fail(where + ": child " + Id(id) + " does not exist");
          return it->second;
        };
        if (features[r] < 0 || features[r] >= (1 << 20)) {
          a.Fail(where + ": feature " + Id(features[r]) + " is out of range");
        }
        node.feature = static_cast<int>(features[r]);
        trees.width = std::max(trees.width, node.feature + 1);
        node.value = values[r];
        node.true_child = child(true_ids[r]);
        node.false_child = child(false_ids[r]);
        // ONNX Runtime tests == 1.
        node.missing_true = !tracks_true.empty() && tracks_true[r] == 1;
      }
      trees.nodes[t].push_back(node);
    }
  }
  return trees;
}

// Leaf weights per tree: position -> (column, weight) in the file's order.
using LeafWeights = std::vector<std::map<int, std::vector<std::pair<int, double>>>>;

struct Weights {
  LeafWeights leaves;
  std::vector<int> used;  // per column: 0 never, 1 on some rows, 2 on every row (see Scored)
  bool all_positive = true;
};

// Reads <prefix>treeids/nodeids/ids/weights. ONNX Runtime skips weights on split nodes (old
// onnxmltools wrote some) and, with a single target, keeps only a leaf's first weight.
Weights ReadWeights(const OnnxAttributeReader& a, const OnnxTrees& trees, const std::string& prefix,
                    int columns, bool first_only) {
  const std::string ids_name = prefix + "ids";
  const auto tree_ids = a.Ints(prefix + "treeids", 0);
  const size_t m = tree_ids.size();
  if (m == 0) a.Fail(prefix + "treeids is empty");
  const auto node_ids = a.Ints(prefix + "nodeids", m);
  const auto ids = a.Ints(ids_name, m);
  const auto weights = a.Floats(prefix + "weights", m);
  for (const std::string& name : {prefix + "nodeids", ids_name, prefix + "weights"}) {
    if (!a.Has(name)) a.Fail(name + " is missing");
  }
  std::map<int64_t, int> tree_of;
  for (size_t t = 0; t < trees.ids.size(); ++t) tree_of[trees.ids[t]] = static_cast<int>(t);
  Weights out;
  out.leaves.resize(trees.ids.size());
  for (size_t e = 0; e < m; ++e) {
    const auto tree = tree_of.find(tree_ids[e]);
    if (tree == tree_of.end()) {
      a.Fail(prefix + "treeids[" + Id(e) + "] names tree " + Id(tree_ids[e]) +
             ", which has no nodes");
    }
    const int t = tree->second;
    const auto node = trees.index[t].find(node_ids[e]);
    if (node == trees.index[t].end()) {
      a.Fail(prefix + "nodeids[" + Id(e) + "]: tree " + Id(tree_ids[e]) + " has no node " +
             Id(node_ids[e]));
    }
    if (ids[e] < 0 || ids[e] >= columns) {
      a.Fail(ids_name + "[" + Id(e) + "] is " + Id(ids[e]) + ", expected 0.." + Id(columns - 1));
    }
    if (trees.nodes[t][node->second].mode != OnnxBranch::kLeaf) continue;
    auto& leaf = out.leaves[t][node->second];
    if (first_only && !leaf.empty()) continue;
    leaf.emplace_back(static_cast<int>(ids[e]), weights[e]);
    out.all_positive = out.all_positive && weights[e] >= 0;
  }
  // ONNX Runtime reads a column that no leaf a row reached gave a weight to as 0, base value or
  // not: per column, whether that never happens (some tree has a weight for it on every leaf).
  out.used.assign(columns, 0);
  for (size_t t = 0; t < trees.ids.size(); ++t) {
    std::vector<int> leaves_with(columns, 0);
    int leaves = 0;
    for (size_t i = 0; i < trees.nodes[t].size(); ++i) {
      if (trees.nodes[t][i].mode != OnnxBranch::kLeaf) continue;
      ++leaves;
      const auto it = out.leaves[t].find(static_cast<int>(i));
      if (it == out.leaves[t].end()) continue;
      std::vector<char> seen(columns, 0);
      for (const auto& [k, w] : it->second) {
        if (!seen[k]) ++leaves_with[k];
        seen[k] = 1;
      }
    }
    for (int k = 0; k < columns; ++k) {
      if (leaves_with[k] > 0) out.used[k] = std::max(out.used[k], leaves_with[k] == leaves ? 2 : 1);
    }
  }
  return out;
}

// How the file's columns (classes, targets) become margins and ONNX Runtime's output.
struct Layout {
  std::vector<int> margin_of;  // per column: the margin its weights add to, -1: ignored
  Eigen::VectorXd base;        // per margin
  OnnxScoreLayout scores;
};

Layout Identity(int columns, OnnxPostTransform transform) {
  Layout l;
  l.margin_of.resize(columns);
  for (int k = 0; k < columns; ++k) l.margin_of[k] = k;
  l.base = Eigen::VectorXd::Zero(columns);
  l.scores = {Eigen::MatrixXd::Identity(columns, columns), Eigen::VectorXd::Zero(columns),
              transform};
  return l;
}

Layout RegressorLayout(const OnnxAttributeReader& a, const Weights& w,
                       const std::vector<float>& base, OnnxPostTransform post) {
  const int targets = static_cast<int>(w.used.size());
  // With one target ONNX Runtime applies PROBIT only; LOGISTIC and SOFTMAX leave it as is.
  if (targets == 1) {
    Layout l = Identity(1, post == OnnxPostTransform::kProbit ? post : OnnxPostTransform::kNone);
    if (!base.empty()) l.base[0] = base[0];
    return l;
  }
  Layout l = Identity(targets, post);
  for (int k = 0; k < targets && !base.empty(); ++k) {
    if (w.used[k] == 1 && base[k] != 0) {
      a.Fail("target " + Id(k) + " has weights on some leaves only and base value " +
             std::to_string(base[k]) + ": ONNX Runtime adds it only on rows that reach them");
    }
    if (w.used[k] != 0) l.base[k] = base[k];
  }
  return l;
}

// ONNX Runtime's binary classifier: with weights for class 0 only, its one score column s is
// written as [-s, s] ([1 - s, s] when every weight is >= 0), LOGISTIC as [sigmoid(-s),
// sigmoid(s)]; with two base values and weights for class 1 it writes [-(b1 + s0), b1 + s0].
Layout BinaryLayout(const OnnxAttributeReader& a, const Weights& w, const std::vector<float>& base,
                    OnnxPostTransform post) {
  for (int k = 0; k < 2; ++k) {
    if (w.used[k] == 1 && (k == 1 || !base.empty())) {
      a.Fail("class " + Id(k) + " has weights on some leaves only: ONNX Runtime's binary " +
             "scores then depend on which leaves a row reaches");
    }
  }
  const bool has0 = w.used[0] != 0, has1 = w.used[1] != 0;
  if (base.size() == 2 && has1) {
    Layout l = Identity(2, post);
    l.margin_of = {0, -1};
    l.base = Eigen::VectorXd::Constant(1, base[1]);
    l.scores.linear = Eigen::Vector2d(has0 ? -1 : 0, 1);
    return l;
  }
  Layout l = Identity(2, post);
  if (has0 && !base.empty()) l.base[0] = base[0];
  if (has1) return l;
  if (base.size() == 2) return l;  // class 1 reads as 0
  if (post == OnnxPostTransform::kProbit) {
    a.Fail(
        "post_transform PROBIT with one score column: ONNX Runtime writes only the first of "
        "the two scores");
  }
  l.margin_of = {0, -1};
  l.base.conservativeResize(1);
  l.scores.linear = Eigen::Vector2d(-1, 1);
  if (post != OnnxPostTransform::kLogistic) {
    l.scores.transform = OnnxPostTransform::kNone;
    if (w.all_positive) l.scores.offset = Eigen::Vector2d(1, 0);
  }
  return l;
}

int ClassCount(const OnnxAttributeReader& a) {
  const auto ints = a.Ints("classlabels_int64s", 0);
  const auto strings = a.Strings("classlabels_strings", 0);
  if (ints.empty() == strings.empty()) {
    a.Fail(
        "a TreeEnsembleClassifier needs exactly one of classlabels_int64s and "
        "classlabels_strings");
  }
  const size_t classes = std::max(ints.size(), strings.size());
  if (classes < 2 || classes > (1 << 16)) {
    a.Fail("a TreeEnsembleClassifier needs 2..65536 class labels, got " + Id(classes));
  }
  return static_cast<int>(classes);
}

}  // namespace

TreeEnsemble TreeEnsembleFromOnnx(const OnnxNodeAttributes& node, const std::string& source) {
  const OnnxAttributeReader a(node, source);
  const bool classifier = node.op_type == "TreeEnsembleClassifier";
  if (!classifier && node.op_type != "TreeEnsembleRegressor") {
    a.Fail(node.op_type +
           " is not a tree ensemble (TreeEnsembleRegressor, TreeEnsembleClassifier)");
  }
  for (const char* name :
       {"nodes_values_as_tensor", "nodes_hitrates_as_tensor", "target_weights_as_tensor",
        "class_weights_as_tensor", "base_values_as_tensor"}) {
    if (a.Has(name))
      a.Fail(std::string("tensor-valued attributes (*_as_tensor) are not supported: ") + name);
  }
  const OnnxTrees trees = ReadTrees(a);
  const std::string post_name = a.String("post_transform", "NONE");
  OnnxPostTransform post;
  if (!ParseOnnxPostTransform(post_name, post)) {
    a.Fail("post_transform " + post_name +
           " is not supported (NONE, LOGISTIC, SOFTMAX, SOFTMAX_ZERO, PROBIT)");
  }
  // The classifier always sums (ONNX Runtime ignores aggregate_function there).
  const std::string aggregate = classifier ? "SUM" : a.String("aggregate_function", "SUM");
  if (aggregate != "SUM" && aggregate != "AVERAGE") {
    a.Fail("aggregate_function " + aggregate + " is not supported (SUM, AVERAGE)");
  }
  int columns;
  if (classifier) {
    columns = ClassCount(a);
  } else {
    const int64_t targets = a.Int("n_targets", 1);
    if (targets < 1 || targets > (1 << 16)) a.Fail("n_targets must be in 1..65536");
    columns = static_cast<int>(targets);
  }
  const Weights weights = ReadWeights(a, trees, classifier ? "class_" : "target_", columns,
                                      !classifier && columns == 1);
  const auto base = a.Floats("base_values", 0);
  const bool base_fits = base.empty() || static_cast<int>(base.size()) == columns ||
                         (classifier && columns == 2 && base.size() == 1);
  if (!base_fits) {
    a.Fail("base_values has " + Id(base.size()) + " entries, expected 0 or " + Id(columns));
  }
  const Layout layout = !classifier    ? RegressorLayout(a, weights, base, post)
                        : columns == 2 ? BinaryLayout(a, weights, base, post)
                                       : [&] {
                                           Layout l = Identity(columns, post);
                                           for (size_t k = 0; k < base.size(); ++k) {
                                             l.base[k] = base[k];
                                           }
                                           return l;
                                         }();

  size_t budget = kMaxNodes;
  std::vector<Tree> out;
  for (size_t t = 0; t < trees.ids.size(); ++t) {
    const LessThanTree shape = ToLessThanSplits(trees.nodes[t], trees.node_ids[t],
                                                source + ": tree " + Id(trees.ids[t]), budget);
    // One tree per margin the tree's leaves add to.
    std::map<int, Tree> per_margin;
    for (const auto& [leaf, entries] : weights.leaves[t]) {
      for (const auto& [k, w] : entries) {
        if (layout.margin_of[k] < 0 || per_margin.count(layout.margin_of[k])) continue;
        if (!per_margin.empty()) {
          if (budget < shape.nodes.size())
            a.Fail("the trees have more than " + Id(kMaxNodes) + " nodes once copied per output");
          budget -= shape.nodes.size();
        }
        Tree& tree = per_margin[layout.margin_of[k]];
        tree.nodes = shape.nodes;
        tree.output = layout.margin_of[k];
      }
    }
    const double scale = aggregate == "AVERAGE" ? 1.0 / static_cast<double>(trees.ids.size()) : 1;
    for (auto& [margin, tree] : per_margin) {
      for (size_t i = 0; i < tree.nodes.size(); ++i) {
        if (!tree.nodes[i].is_leaf()) continue;
        const auto it = weights.leaves[t].find(shape.origin[i]);
        if (it == weights.leaves[t].end()) continue;
        for (const auto& [k, w] : it->second) {
          if (layout.margin_of[k] == margin) tree.nodes[i].value += w * scale;
        }
      }
      out.push_back(std::move(tree));
    }
  }

  int width = trees.width;
  if (node.input_width != 0) {
    if (node.input_width < width || node.input_width > (1 << 20)) {
      a.Fail("the input has " + Id(node.input_width) + " features but a split reads feature " +
             Id(width - 1));
    }
    width = static_cast<int>(node.input_width);
  }
  std::vector<std::string> names;
  for (int j = 0; j < width; ++j) names.push_back("f" + std::to_string(j));
  // The regressor's "prob" stays as earlier versions named it.
  OutputTransform transform = OutputTransform::kIdentity;
  if (!classifier && post == OnnxPostTransform::kLogistic) transform = OutputTransform::kSigmoid;
  if (!classifier && post == OnnxPostTransform::kSoftmax) transform = OutputTransform::kSoftmax;
  const size_t scores_output = classifier ? 1 : 0;
  std::string name = node.outputs.size() > scores_output ? node.outputs[scores_output] : "";
  if (name.empty() || name == "margin" || name == "prob") name = "scores";
  std::vector<DerivedOutput> derived = {OnnxScores(name, layout.scores)};
  try {
    return TreeEnsemble(std::move(names), std::move(out), layout.base, transform,
                        "onnx:" + node.op_type, std::move(derived));
  } catch (const std::invalid_argument& e) {
    a.Fail(e.what());
  }
}

}  // namespace whyrec
