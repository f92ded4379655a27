#pragma once

#include <Eigen/Core>
#include <cstdint>

#include "core/background.h"
#include "core/explain/explainer.h"
#include "core/explain/shapley/coalition_queue.h"
#include "core/schema.h"

namespace whyrec {

struct PairwiseShapleyOptions {
  int64_t max_batch_rows = 65536;
  // Largest |v(all) - v(none) - sum of values| accepted, times (G + 1)^2 and the largest
  // |coalition value| (at least 1): above it the model has interactions among three or more
  // players and the values would not be its Shapley values.
  double tolerance = 1e-6;
};

// Exact interventional Shapley values for models whose interactions involve at most two
// players (additive models, GA2Ms such as a distilled model, linear models): such a game's
// Harsanyi dividends vanish beyond pairs, so
//   phi_g = v(g) - v() + 1/2 sum over h != g of [v(gh) - v(g) - v(h) + v()],
// from 1 + G + G(G-1)/2 coalitions instead of 2^G. It also evaluates v(all players) and
// refuses (with the residual) a model that is not pairwise, so it never returns a wrong answer
// silently. Explains the model's output as is (identity link: the margin of a distilled model).
class PairwiseShapley : public Explainer {
 public:
  PairwiseShapley(Schema schema, const Eigen::VectorXf& instance, Background background,
                  PairwiseShapleyOptions options = {});
  PairwiseShapley(const PairwiseShapley&) = delete;
  PairwiseShapley& operator=(const PairwiseShapley&) = delete;

  RowBatch next() override;
  void tell(ConstMatrixView outputs) override;
  Explanation result() const override;

 private:
  Schema schema_;
  Background background_;
  PairwiseShapleyOptions options_;
  int players_;
  CoalitionQueue queue_;
};

}  // namespace whyrec
