#pragma once

#include <limits>
#include <string>
#include <vector>

#include "core/link.h"
#include "core/models/distilled_json.h"
#include "core/models/tree_ensemble.h"

namespace whyrec {

// One interval condition of a rule: low <= x[feature] < high, compared in float32. A missing
// value (NaN) satisfies no condition.
struct RuleCondition {
  int feature = 0;
  float low = -std::numeric_limits<float>::infinity();
  float high = std::numeric_limits<float>::infinity();
  bool Holds(float x) const { return x >= low && x < high; }  // false for NaN
};

struct Rule {
  std::vector<RuleCondition> conditions;  // a conjunction, at most one per feature
  double score = 0;
  double rows = 0;  // fitted rows the rule decided (informative)
};

// An ordered decision list: the score of the first rule whose conditions all hold, else the
// default score. With the logit link the score is a margin, prob = sigmoid(margin).
struct RuleList {
  std::vector<std::string> feature_names;
  Link link = Link::kIdentity;
  std::vector<Rule> rules;
  double default_score = 0;
  double default_rows = 0;

  double Score(const float* x) const;
};

// A rule list written as one decision tree that gives the same score for every row, so that
// TreeSHAP explains it exactly: each rule's conditions become a chain of splits (x < low and
// x < high, NaN on the failing side), whose failing exits each continue with the next rules.
// An exit copies the rest of the list, pruned by what its path already decided (a rule whose
// interval the path excludes adds no split, a condition the path guarantees adds none either),
// so the tree stays small when rules cover different regions. Splits carry no cover (the list
// keeps no per-region counts): path-dependent TreeSHAP refuses the tree, interventional
// TreeSHAP explains it. Throws when the tree would exceed `max_nodes` (kMaxRuleListNodes).
constexpr int kMaxRuleListNodes = 1 << 16;
Tree RuleListTree(const RuleList& list, int max_nodes = kMaxRuleListNodes);

DistilledJson RuleListJson(const RuleList& list, int digits);
RuleList ReadRuleList(const DistilledJson& doc, const DistilledHeader& header,
                      const std::string& source);

}  // namespace whyrec
