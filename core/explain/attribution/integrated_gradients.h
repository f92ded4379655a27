#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "core/explain/explainer.h"
#include "core/global/step_batches.h"
#include "core/schema.h"

namespace whyrec {

struct IntegratedGradientsOptions {
  int steps = 20;  // midpoints of the path from the baseline to the instance
  // Half-width of each finite difference, as a fraction of one step along the path (it stays
  // inside the path's [0, 1]): small enough for the O(h^2) error of a central difference, large
  // enough that float32 model outputs still resolve it.
  double relative_step = 0.25;
  int64_t max_batch_rows = 65536;
};

// Integrated Gradients (Sundararajan et al. 2017) without autodiff: the model is only asked for
// outputs. Along the straight path x(a) = b + a (x - b), player g's share of the path integral is
// the integral over a of d f / d a_g, where a_g moves only g's columns; each midpoint's derivative
// is a central difference of two model rows. So 2 rows per player per step, plus the instance
// and the baseline, whose difference the values should add up to (completeness); the result
// reports how far they miss (extra "completeness_error", in output units).
// Players are sets of columns (an item's embedding is one player); one model output is explained.
class IntegratedGradients : public Explainer {
 public:
  IntegratedGradients(std::vector<Player> players, Eigen::VectorXf instance,
                      Eigen::VectorXf baseline, IntegratedGradientsOptions options = {});

  RowBatch next() override { return rows_.next(); }
  void tell(ConstMatrixView outputs) override { rows_.tell(outputs); }
  Explanation result() const override;

 private:
  void Fill(int64_t step, RowMatrixF* out, Eigen::Index row) const;

  std::vector<Player> players_;
  Eigen::VectorXf instance_;
  Eigen::VectorXf baseline_;
  Eigen::VectorXf delta_;  // instance - baseline: the path's direction
  IntegratedGradientsOptions options_;
  double h_;          // the finite difference's half-width in path units
  StepBatches rows_;  // 0: instance, 1: baseline, then (step, player, -/+) in that order
};

}  // namespace whyrec
