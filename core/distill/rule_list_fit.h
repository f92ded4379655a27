#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

#include "core/link.h"
#include "core/matrix.h"
#include "core/models/rule_list.h"

namespace whyrec {

struct RuleListOptions {
  int max_rules = 16;      // rules before the default
  int max_conditions = 3;  // the depth of the partial tree: splits on a rule's path
  int min_rule_rows = 20;  // fewest fitted rows a rule decides (and the rows left after it)
  int max_bins = 64;       // candidate thresholds per feature: its quantile cuts
};

// A decision list by sequential covering with partial trees (after M5Rules, which takes the
// largest leaf; the purest one fitted the demo teacher better when both were tried while building
// this, a comparison the code no longer holds): a CART tree of
// depth max_conditions (leaves of min_rule_rows rows or more) is grown on the rows no rule has
// decided yet; the path to its purest leaf (least mean squared error about the leaf's mean)
// becomes the next rule (one interval per feature);
// the rows it covers get their mean as its score and leave; repeat on the rest until max_rules,
// too few rows, or a tree with no split. A missing value satisfies no condition, so rows sent
// down the path by a split's missing side stay for later rules. The default scores the mean of
// the rows no rule decided. A rule whose exact tree (RuleListTree) would pass
// kMaxRuleListNodes is not added. No randomness.
RuleList FitRuleList(const RowMatrixF& x, const Eigen::VectorXd& target,
                     std::vector<std::string> feature_names, Link link,
                     const RuleListOptions& options);

}  // namespace whyrec
