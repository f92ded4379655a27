#include "core/explain/local/anchor_predicates.h"

#include <algorithm>

#include "core/explain/local/percentile_bins.h"

namespace whyrec {

const char* OpText(Predicate::Op op) {
  switch (op) {
    case Predicate::Op::kLessEqual:
      return "<=";
    case Predicate::Op::kGreater:
      return ">";
    case Predicate::Op::kEqual:
      return "=";
  }
  return "?";
}

std::string PredicateText(const Predicate& predicate, const Schema& schema) {
  return schema.features()[predicate.feature].name + " " + OpText(predicate.op) + " " +
         FormatThreshold(predicate.value);
}

std::vector<Predicate> MergeConditions(const std::vector<Predicate>& conditions) {
  std::vector<Predicate> merged;
  for (const Predicate& predicate : conditions) {
    const auto same = std::find_if(merged.begin(), merged.end(), [&](const Predicate& m) {
      return m.feature == predicate.feature && m.op == predicate.op;
    });
    if (same == merged.end()) {
      merged.push_back(predicate);
    } else if (predicate.op == Predicate::Op::kLessEqual) {
      same->value = std::min(same->value, predicate.value);
    } else if (predicate.op == Predicate::Op::kGreater) {
      same->value = std::max(same->value, predicate.value);
    }
  }
  return merged;
}

std::string RuleText(const std::vector<Predicate>& conditions, const Schema& schema) {
  std::string text;
  for (size_t i = 0; i < conditions.size(); ++i) {
    const Predicate& c = conditions[i];
    if (!text.empty()) text += " AND ";
    const bool interval = c.op == Predicate::Op::kGreater && i + 1 < conditions.size() &&
                          conditions[i + 1].feature == c.feature &&
                          conditions[i + 1].op == Predicate::Op::kLessEqual;
    if (interval) {
      text += FormatThreshold(c.value) + " < " + PredicateText(conditions[++i], schema);
    } else {
      text += PredicateText(c, schema);
    }
  }
  return text;
}

std::vector<Predicate> AnchorPredicates(const Schema& schema, const Background& background,
                                        const Eigen::VectorXf& instance,
                                        const std::vector<double>& percentiles) {
  std::vector<Predicate> predicates;
  for (int j = 0; j < schema.width(); ++j) {
    const double x = instance[j];
    if (schema.features()[j].kind != FeatureKind::kNumeric) {
      predicates.push_back({j, Predicate::Op::kEqual, x});
      continue;
    }
    const PercentileBins bins(background, j, percentiles);
    for (double cut : bins.thresholds()) {
      predicates.push_back(
          {j, x <= cut ? Predicate::Op::kLessEqual : Predicate::Op::kGreater, cut});
    }
  }
  return predicates;
}

}  // namespace whyrec
