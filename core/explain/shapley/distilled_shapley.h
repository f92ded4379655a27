#pragma once

#include <Eigen/Core>
#include <vector>

#include "core/background.h"
#include "core/explain/explanation.h"
#include "core/models/distilled_model.h"
#include "core/schema.h"

namespace whyrec {

// A distilled GA2M's exact interventional Shapley values of its margin against one weighted
// background, in closed form. A main term f(x_i) gives feature i f(x_i) - E_b f(b_i); a pair term
// f(x_i, x_j) gives i the Shapley value of its two-player game,
// (v(i) - v()) / 2 + (v(ij) - v(j)) / 2 with v(S) = E_b f(x_S, b_rest), and j likewise. The values
// sum to Margin(x) - base_value().
//
// The background's part of every term (E_b f(b_i), v() and v(i), v(j) for each bin x may fall in)
// is summed once, when the object is made, so that each instance costs a lookup per term: a batch
// of rows no longer costs terms x background rows each. Each sum runs over the background rows in
// order, as a per-instance loop would, so the values do not depend on how many rows share the
// tables (and web/distilled/ga2m-shapley.mjs, which sums in the same order, gives the same bits).
class DistilledShapley {
 public:
  // Keeps a reference: `model` must outlive this object. With `explained`, the sums are made only
  // for the bins its rows fall in, and only those rows may be asked about: a call that explains a
  // few rows then costs what a per-row computation would.
  DistilledShapley(const DistilledModel& model, const Background& background,
                   const RowMatrixF* explained = nullptr);

  // One value per feature of the model. Throws std::logic_error for a row outside `explained`.
  Eigen::VectorXd Values(const float* x) const;
  // E_b Margin(b), summed over the background rows in order.
  double base_value() const { return base_value_; }
  int background_rows() const { return background_rows_; }
  const DistilledModel& model() const { return model_; }

 private:
  // A main term's E_b f(b_i) in `none`; a pair's v() in `none` and, per bin of its first
  // (second) feature, E_b f(bin, b_j) (E_b f(b_i, bin)), NaN for a bin not summed (every sum
  // of finite scores is finite).
  struct TermSums {
    double none = 0.0;
    std::vector<double> first_given;
    std::vector<double> second_given;
  };

  const DistilledModel& model_;
  std::vector<TermSums> sums_;
  double base_value_ = 0.0;
  int background_rows_ = 0;
};

// The explanation of `x` (the model's features, in its order) by `shapley`, as method "additive"
// reports it (core/explain/shapley/margin_explanation.h).
Explanation DistilledExplanation(const DistilledShapley& shapley, const Schema& schema,
                                 const float* x);

}  // namespace whyrec
