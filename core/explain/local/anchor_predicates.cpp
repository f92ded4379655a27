#include "core/explain/local/anchor_predicates.h"

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
