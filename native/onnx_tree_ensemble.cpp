#include "native/onnx_tree_ensemble.h"

#include <onnx/onnx_pb.h>

#include <cmath>
#include <map>
#include <stdexcept>
#include <utility>
#include <vector>

namespace whyrec {
namespace {

[[noreturn]] void Fail(const std::string& source, const std::string& what) {
  throw std::invalid_argument(source + ": " + what);
}

const onnx::NodeProto* FindTreeEnsemble(const onnx::ModelProto& model) {
  for (const auto& node : model.graph().node()) {
    if (node.domain() == "ai.onnx.ml" &&
        (node.op_type() == "TreeEnsembleRegressor" || node.op_type() == "TreeEnsembleClassifier")) {
      return &node;
    }
  }
  return nullptr;
}

class Attributes {
 public:
  Attributes(const onnx::NodeProto& node, std::string source) : source_(std::move(source)) {
    for (const auto& a : node.attribute()) by_name_[a.name()] = &a;
  }
  bool Has(const std::string& name) const { return by_name_.count(name) > 0; }
  std::vector<int64_t> Ints(const std::string& name, size_t size) const {
    const auto* a = Find(name);
    if (!a) return {};
    std::vector<int64_t> v(a->ints().begin(), a->ints().end());
    CheckSize(name, v.size(), size);
    return v;
  }
  std::vector<float> Floats(const std::string& name, size_t size) const {
    const auto* a = Find(name);
    if (!a) return {};
    std::vector<float> v(a->floats().begin(), a->floats().end());
    CheckSize(name, v.size(), size);
    for (size_t i = 0; i < v.size(); ++i) {
      if (!std::isfinite(v[i])) Fail(source_, name + "[" + std::to_string(i) + "] is not finite");
    }
    return v;
  }
  std::vector<std::string> Strings(const std::string& name, size_t size) const {
    const auto* a = Find(name);
    if (!a) return {};
    std::vector<std::string> v(a->strings().begin(), a->strings().end());
    CheckSize(name, v.size(), size);
    return v;
  }
  std::string String(const std::string& name, const std::string& fallback) const {
    const auto* a = Find(name);
    return a ? a->s() : fallback;
  }
  int64_t Int(const std::string& name, int64_t fallback) const {
    const auto* a = Find(name);
    return a ? a->i() : fallback;
  }

 private:
  const onnx::AttributeProto* Find(const std::string& name) const {
    const auto it = by_name_.find(name);
    return it == by_name_.end() ? nullptr : it->second;
  }
  // size 0: any size (the attribute that sets the size).
  void CheckSize(const std::string& name, size_t got, size_t expected) const {
    if (expected != 0 && got != expected) {
      Fail(source_,
           name + " has " + std::to_string(got) + " entries, expected " + std::to_string(expected));
    }
  }
  std::string source_;
  std::map<std::string, const onnx::AttributeProto*> by_name_;
};

}  // namespace

bool IsOnnxTreeEnsemble(const std::string& bytes) {
  onnx::ModelProto model;
  return model.ParseFromString(bytes) && FindTreeEnsemble(model) != nullptr;
}

TreeEnsemble ParseOnnxTreeEnsemble(const std::string& bytes, const std::string& source) {
  onnx::ModelProto model;
  if (!model.ParseFromString(bytes)) Fail(source, "not an ONNX model (protobuf parse failed)");
  const onnx::NodeProto* node = FindTreeEnsemble(model);
  if (!node) Fail(source, "has no ai.onnx.ml TreeEnsembleRegressor node");
  if (node->op_type() != "TreeEnsembleRegressor") {
    Fail(source, node->op_type() + " is not supported yet; TreeEnsembleRegressor is");
  }
  const Attributes a(*node, source);
  if (a.Has("nodes_values_as_tensor") || a.Has("target_weights_as_tensor")) {
    Fail(source, "tensor-valued attributes (*_as_tensor) are not supported");
  }
  const auto tree_ids = a.Ints("nodes_treeids", 0);
  const size_t n = tree_ids.size();
  if (n == 0) Fail(source, "nodes_treeids is empty");
  const auto node_ids = a.Ints("nodes_nodeids", n);
  const auto features = a.Ints("nodes_featureids", n);
  const auto modes = a.Strings("nodes_modes", n);
  const auto values = a.Floats("nodes_values", n);
  const auto true_ids = a.Ints("nodes_truenodeids", n);
  const auto false_ids = a.Ints("nodes_falsenodeids", n);
  const auto tracks_true = a.Ints("nodes_missing_value_tracks_true", n);
  const auto hitrates = a.Floats("nodes_hitrates", n);
  for (const auto* required : {&node_ids, &features, &true_ids, &false_ids}) {
    if (required->size() != n) Fail(source, "a nodes_* attribute is missing");
  }
  if (modes.size() != n || values.size() != n) {
    Fail(source, "nodes_modes and nodes_values are required");
  }
  const int targets = static_cast<int>(a.Int("n_targets", 1));
  if (targets < 1 || targets > (1 << 16)) Fail(source, "n_targets must be in 1..65536");

  // Trees and their nodes by id, in the order they first appear.
  std::map<int64_t, int> tree_of;
  std::vector<std::map<int64_t, int>> node_of;
  std::vector<std::vector<size_t>> rows_of;  // per tree: attribute rows, in node order
  for (size_t r = 0; r < n; ++r) {
    const auto [it, added] = tree_of.emplace(tree_ids[r], static_cast<int>(node_of.size()));
    if (added) {
      node_of.emplace_back();
      rows_of.emplace_back();
    }
    const int t = it->second;
    if (!node_of[t].emplace(node_ids[r], static_cast<int>(rows_of[t].size())).second) {
      Fail(source, "tree " + std::to_string(tree_ids[r]) + " has node " +
                       std::to_string(node_ids[r]) + " twice");
    }
    rows_of[t].push_back(r);
  }
  int width = 1;
  std::vector<Tree> shapes(node_of.size());
  for (size_t t = 0; t < shapes.size(); ++t) {
    shapes[t].nodes.resize(rows_of[t].size());
    for (size_t i = 0; i < rows_of[t].size(); ++i) {
      const size_t r = rows_of[t][i];
      const std::string where =
          "tree " + std::to_string(tree_ids[r]) + ", node " + std::to_string(node_ids[r]);
      TreeNode& out = shapes[t].nodes[i];
      out.cover = hitrates.empty() ? 0.0 : hitrates[r];
      if (modes[r] == "LEAF") continue;
      const auto child = [&](int64_t id) {
        const auto it = node_of[t].find(id);
        if (it == node_of[t].end())
          Fail(source, where + ": child " + std::to_string(id) + " does not exist");
        return it->second;
      };
      if (features[r] < 0 || features[r] >= (1 << 20)) {
        Fail(source, where + ": feature " + std::to_string(features[r]) + " is out of range");
      }
      out.feature = static_cast<int>(features[r]);
      width = std::max(width, out.feature + 1);
      // TreeNode goes left when x < threshold: every mode is said that way, with the true
      // branch on the left (LT, LEQ) or on the right (GTE, GT).
      const float up = std::nextafter(values[r], INFINITY);
      bool true_is_left;
      if (modes[r] == "BRANCH_LT") {
        out.threshold = values[r], true_is_left = true;
      } else if (modes[r] == "BRANCH_LEQ") {
        out.threshold = up, true_is_left = true;
      } else if (modes[r] == "BRANCH_GTE") {
        out.threshold = values[r], true_is_left = false;
      } else if (modes[r] == "BRANCH_GT") {
        out.threshold = up, true_is_left = false;
      } else {
        Fail(source, where + ": branch mode " + modes[r] + " is not supported");
      }
      const int true_child = child(true_ids[r]), false_child = child(false_ids[r]);
      out.left = true_is_left ? true_child : false_child;
      out.right = true_is_left ? false_child : true_child;
      const bool missing_true = !tracks_true.empty() && tracks_true[r] != 0;
      out.default_left = missing_true == true_is_left;
    }
  }
  const auto target_trees = a.Ints("target_treeids", 0);
  const size_t m = target_trees.size();
  const auto target_nodes = a.Ints("target_nodeids", m);
  const auto target_ids = a.Ints("target_ids", m);
  const auto weights = a.Floats("target_weights", m);
  if (target_nodes.size() != m || target_ids.size() != m || weights.size() != m) {
    Fail(source, "target_nodeids, target_ids and target_weights must match target_treeids");
  }
  // A tree may feed several targets: it becomes one tree per target it feeds.
  std::map<std::pair<int, int>, Tree> per_target;
  for (size_t e = 0; e < m; ++e) {
    const auto tree = tree_of.find(target_trees[e]);
    if (tree == tree_of.end())
      Fail(source,
           "target_treeids names tree " + std::to_string(target_trees[e]) + ", which has no nodes");
    const int t = tree->second;
    const auto leaf = node_of[t].find(target_nodes[e]);
    if (leaf == node_of[t].end() || !shapes[t].nodes[leaf->second].is_leaf()) {
      Fail(source, "target entry " + std::to_string(e) + " does not name a leaf");
    }
    if (target_ids[e] < 0 || target_ids[e] >= targets) {
      Fail(source, "target_ids[" + std::to_string(e) + "] is " + std::to_string(target_ids[e]) +
                       ", expected 0.." + std::to_string(targets - 1));
    }
    const int output = static_cast<int>(target_ids[e]);
    auto [it, added] = per_target.emplace(std::make_pair(t, output), shapes[t]);
    if (added) it->second.output = output;
    it->second.nodes[leaf->second].value += weights[e];
  }
  const std::string aggregate = a.String("aggregate_function", "SUM");
  if (aggregate != "SUM" && aggregate != "AVERAGE") {
    Fail(source, "aggregate_function " + aggregate + " is not supported (SUM, AVERAGE)");
  }
  std::vector<Tree> trees;
  for (auto& [key, tree] : per_target) {
    if (aggregate == "AVERAGE") {
      for (TreeNode& node : tree.nodes) node.value /= static_cast<double>(shapes.size());
    }
    trees.push_back(std::move(tree));
  }
  Eigen::VectorXd base = Eigen::VectorXd::Zero(targets);
  const auto base_values = a.Floats("base_values", 0);
  if (!base_values.empty()) {
    if (static_cast<int>(base_values.size()) != targets) {
      Fail(source, "base_values has " + std::to_string(base_values.size()) + " entries, expected " +
                       std::to_string(targets));
    }
    for (int k = 0; k < targets; ++k) base[k] = base_values[k];
  }
  const std::string post = a.String("post_transform", "NONE");
  OutputTransform transform = OutputTransform::kIdentity;
  if (post == "LOGISTIC") {
    transform = OutputTransform::kSigmoid;
  } else if (post == "SOFTMAX") {
    transform = OutputTransform::kSoftmax;
  } else if (post != "NONE") {
    Fail(source, "post_transform " + post + " is not supported (NONE, LOGISTIC, SOFTMAX)");
  }
  const auto& input = model.graph().input();
  if (!input.empty() && input[0].type().tensor_type().shape().dim_size() == 2) {
    const auto& dim = input[0].type().tensor_type().shape().dim(1);
    if (dim.has_dim_value()) {
      if (dim.dim_value() < width || dim.dim_value() > (1 << 20)) {
        Fail(source, "the input has " + std::to_string(dim.dim_value()) +
                         " features but a split reads feature " + std::to_string(width - 1));
      }
      width = static_cast<int>(dim.dim_value());
    }
  }
  std::vector<std::string> names;
  for (int j = 0; j < width; ++j) names.push_back("f" + std::to_string(j));
  try {
    return TreeEnsemble(std::move(names), std::move(trees), base, transform,
                        "onnx:TreeEnsembleRegressor");
  } catch (const std::invalid_argument& e) {
    Fail(source, e.what());
  }
}

}  // namespace whyrec
