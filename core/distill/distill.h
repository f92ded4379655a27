#pragma once

#include <Eigen/Core>
#include <optional>
#include <string>
#include <vector>

#include "core/distill/fidelity.h"
#include "core/distill/ga2m_fit.h"
#include "core/distill/lasso_path.h"
#include "core/distill/regression_tree_fit.h"
#include "core/distill/rule_list_fit.h"
#include "core/link.h"
#include "core/matrix.h"

namespace whyrec {

struct DistillOptions {
  std::string family = "ga2m";  // ga2m | linear | tree | rule_list
  Ga2mOptions ga2m;
  LassoOptions lasso;
  RegressionTreeOptions tree;
  RuleListOptions rule_list;
  double holdout = 0.2;  // share of rows (of lists, when lists are given) kept out of the fit
  // Synthetic rows (CrossedRows) per fitted row, scored by the teacher and fitted beside the
  // data: the caller scores SyntheticRowsFor's rows and passes them in. 0: the data alone.
  int augment = 0;
  uint64_t seed = 0;  // the holdout split's; the families get their own from it
  int k = 10;         // top-k agreement
  int digits = 4;     // significant digits of the GA2M's written scores
  // The GA2M's scores are written as multiples of this share of the teacher's standard deviation
  // on the fitted data rows, rounded down to 1, 2 or 5 times a power of ten (ScoreStepFor); 0:
  // digits alone. Smoothed shapes differ in every bin; on a step they repeat and merge. On the
  // bench (bench/README.md) 0.005 shrank the high-fidelity recipe's fit of the demo MLP from 100
  // to 25 KB gzip at held-out R^2 within 0.0001.
  double score_step = 0.005;
  Link link = Link::kIdentity;  // the link the distilled model applies to its margin
};

struct DistillResult {
  // The distilled model: whyrec-distilled (ga2m, tree, rule_list) or linear JSON.
  std::string model_json;
  int train_rows = 0;      // fitted data rows (train_r2 is measured on them)
  int synthetic_rows = 0;  // fitted beside them (DistillOptions::augment)
  int holdout_rows = 0;
  double train_r2 = 0.0;
  double holdout_r2 = 0.0;
  std::optional<RankingFidelity> holdout_ranking;  // when lists are given
  // GA2M: mains + pairs; linear: non-zero coefficients; tree: leaves; rule list: rules (the
  // default not counted).
  int terms = 0;
  std::vector<std::string> pairs;  // GA2M pair terms, "a x b", strongest first
};

// Synthetic rows and the teacher's scores on them, fitted beside the data rows.
struct SyntheticRows {
  RowMatrixF x;
  Eigen::VectorXd t;
};

// The synthetic rows to score for a fit on x_fit (the data rows fitted: SplitForDistill's
// x_fit, or the caller's): options.augment per row, seeded by options.seed.
RowMatrixF SyntheticRowsFor(const RowMatrixF& x_fit, const DistillOptions& options);

// Distils a teacher's scores (margins or logits: the space the surrogate is additive in) on
// rows x into a surrogate family, fitted on a seeded split and measured on the held-out part
// against the teacher, as the written model reads back. `lists`, when not empty, gives each
// row's candidate list: the split keeps lists whole and ranking fidelity is measured per list.
// Errors name the problem: a non-finite teacher score (with its row), a constant teacher, too
// few rows. With options.augment, `synthetic` holds SyntheticRowsFor(SplitForDistill(...).x_fit)
// and the teacher's scores on them.
DistillResult Distill(const RowMatrixF& x, const Eigen::VectorXd& teacher,
                      const std::vector<std::string>& feature_names, const std::vector<int>& lists,
                      const DistillOptions& options, const SyntheticRows& synthetic = {});

// The rows Distill fits and holds out: a seeded shuffle of the rows (of whole lists, when given),
// checked as Distill checks them.
struct DistillSplit {
  RowMatrixF x_fit, x_held;
  Eigen::VectorXd t_fit, t_held;
  std::vector<int> held_lists;  // empty without lists
};
DistillSplit SplitForDistill(const RowMatrixF& x, const Eigen::VectorXd& teacher,
                             const std::vector<std::string>& feature_names,
                             const std::vector<int>& lists, const DistillOptions& options);

// The same on a split given by the caller (options.holdout unused): fits on x_fit, measures on
// x_held (and `synthetic`: SyntheticRowsFor(x_fit), scored); held_lists is empty or gives each
// held-out row's list.
DistillResult DistillOnSplit(const RowMatrixF& x_fit, const Eigen::VectorXd& t_fit,
                             const RowMatrixF& x_held, const Eigen::VectorXd& t_held,
                             const std::vector<int>& held_lists,
                             const std::vector<std::string>& feature_names,
                             const DistillOptions& options, const SyntheticRows& synthetic = {});

}  // namespace whyrec
