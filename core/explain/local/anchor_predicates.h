#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

#include "core/background.h"
#include "core/schema.h"

namespace whyrec {

// One condition an anchor can hold, on the raw value of one feature: "x <= 24.5", "x > 3" or,
// for binary and categorical features, "x = 2".
struct Predicate {
  enum class Op { kLessEqual, kGreater, kEqual };
  int feature = 0;
  Op op = Op::kLessEqual;
  double value = 0;

  bool Holds(double x) const {
    switch (op) {
      case Op::kLessEqual:
        return x <= value;
      case Op::kGreater:
        return x > value;
      case Op::kEqual:
        return x == value;
    }
    return false;
  }
};

const char* OpText(Predicate::Op op);
std::string PredicateText(const Predicate& predicate, const Schema& schema);
// The conditions with those on one feature merged: the tightest "<=" and ">" of each, in place of
// the first of its kind. AnchorPredicates makes "x > q" before "x <= q" for each feature, so a
// rule's conditions in that order keep each feature's bounds together, lower bound first.
std::vector<Predicate> MergeConditions(const std::vector<Predicate>& conditions);
// Conditions joined by AND, a feature's "x > a" followed by "x <= b" written "a < x <= b".
std::string RuleText(const std::vector<Predicate>& conditions, const Schema& schema);

// alibi's AnchorTabular candidates for an instance: each numeric feature is cut at percentiles
// of the background; every cut q gives the one condition on the instance's side of it ("x <= q"
// when the instance is at or below q, else "x > q"). Binary and categorical features give
// "x = instance's value".
std::vector<Predicate> AnchorPredicates(const Schema& schema, const Background& background,
                                        const Eigen::VectorXf& instance,
                                        const std::vector<double>& percentiles);

}  // namespace whyrec
