#include "core/distill/rule_list_fit.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/distill/regression_tree_fit.h"

namespace whyrec {
namespace {

// The conditions on the path from the root of `tree` to leaf `target`, one interval per feature
// (a missing value satisfies none, so rows whose missing values followed the path are not
// covered by the rule; they stay for later rules).
bool PathConditions(const Tree& tree, int node, int target, std::vector<RuleCondition>* path) {
  if (node == target) return true;
  const TreeNode& n = tree.nodes[node];
  if (n.is_leaf()) return false;
  for (const bool left : {true, false}) {
    // An index, not an iterator: the recursion below may grow the vector.
    size_t k = std::find_if(path->begin(), path->end(),
                            [&](const RuleCondition& c) { return c.feature == n.feature; }) -
               path->begin();
    const bool added = k == path->size();
    if (added) path->push_back(RuleCondition{n.feature});
    const RuleCondition before = (*path)[k];
    if (left) {
      (*path)[k].high = std::min((*path)[k].high, n.threshold);
    } else {
      (*path)[k].low = std::max((*path)[k].low, n.threshold);
    }
    if (PathConditions(tree, left ? n.left : n.right, target, path)) return true;
    if (added) {
      path->pop_back();
    } else {
      (*path)[k] = before;
    }
  }
  return false;
}

}  // namespace

RuleList FitRuleList(const RowMatrixF& x, const Eigen::VectorXd& target,
                     std::vector<std::string> feature_names, Link link,
                     const RuleListOptions& options) {
  if (options.max_rules < 0 || options.max_conditions < 1 || options.min_rule_rows < 1) {
    throw std::invalid_argument(
        "a rule list needs max_rules >= 0, max_conditions >= 1 and min_rule_rows >= 1");
  }
  if (x.rows() != target.size() || x.rows() == 0) {
    throw std::invalid_argument("a rule list needs rows and one target per row");
  }
  RuleList list;
  list.feature_names = std::move(feature_names);
  list.link = link;
  RegressionTreeOptions tree_options;
  tree_options.max_depth = options.max_conditions;
  tree_options.min_leaf_rows = options.min_rule_rows;
  tree_options.max_bins = options.max_bins;
  std::vector<int> undecided(x.rows());
  for (Eigen::Index r = 0; r < x.rows(); ++r) undecided[r] = static_cast<int>(r);
  while (static_cast<int>(list.rules.size()) < options.max_rules &&
         static_cast<int>(undecided.size()) >= 2 * options.min_rule_rows) {
    RowMatrixF x_rest(undecided.size(), x.cols());
    Eigen::VectorXd y_rest(undecided.size());
    for (size_t i = 0; i < undecided.size(); ++i) {
      x_rest.row(i) = x.row(undecided[i]);
      y_rest[i] = target[undecided[i]];
    }
    const Tree tree = FitRegressionTree(x_rest, y_rest, tree_options);
    // The purest leaf (least mean squared error about its mean) becomes the rule.
    std::vector<double> leaf_sum(tree.nodes.size()), square(tree.nodes.size()),
        count(tree.nodes.size());
    for (Eigen::Index i = 0; i < x_rest.rows(); ++i) {
      int node = 0;
      while (!tree.nodes[node].is_leaf()) {
        const TreeNode& n = tree.nodes[node];
        node = GoesLeftNumerical(n, x_rest(i, n.feature)) ? n.left : n.right;
      }
      leaf_sum[node] += y_rest[i];
      square[node] += y_rest[i] * y_rest[i];
      count[node] += 1;
    }
    int purest = -1;
    double best = 0;
    for (int i = 0; i < static_cast<int>(tree.nodes.size()); ++i) {
      if (!tree.nodes[i].is_leaf() || count[i] == 0) continue;
      const double mse = (square[i] - leaf_sum[i] * leaf_sum[i] / count[i]) / count[i];
      if (purest < 0 || mse < best) {
        purest = i;
        best = mse;
      }
    }
    if (purest == 0) break;  // no split lowers the error: the default takes the rest
    Rule rule;
    PathConditions(tree, 0, purest, &rule.conditions);
    std::vector<int> covered, rest;
    double sum = 0;
    for (int r : undecided) {
      bool holds = true;
      for (const RuleCondition& c : rule.conditions) holds = holds && c.Holds(x(r, c.feature));
      if (holds) sum += target[r];
      (holds ? covered : rest).push_back(r);
    }
    if (covered.empty()) break;
    rule.score = sum / static_cast<double>(covered.size());
    rule.rows = static_cast<double>(covered.size());
    list.rules.push_back(rule);
    try {
      RuleListTree(list);
    } catch (const std::invalid_argument&) {
      list.rules.pop_back();  // its exact tree would be too large: stop here
      break;
    }
    undecided.swap(rest);
  }
  double sum = 0;
  for (int r : undecided) sum += target[r];
  list.default_score = undecided.empty() ? target.mean() : sum / undecided.size();
  list.default_rows = static_cast<double>(undecided.size());
  return list;
}

}  // namespace whyrec
