#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "core/background.h"
#include "core/global/step_batches.h"
#include "core/schema.h"

namespace whyrec {

struct FidelityCurvesResult {
  std::vector<int> order;     // players, most important first
  Eigen::VectorXd deletion;   // G + 1 points: output with the first k players removed
  Eigen::VectorXd insertion;  // G + 1 points: output with only the first k players present
  double deletion_area = 0;   // trapezoid area over k / G in [0, 1]; lower is better
  double insertion_area = 0;  // higher is better
  int64_t evaluations = 0;
};

// Deletion and insertion curves (Petsiuk et al. 2018) for tabular data: players leave (or
// enter) the instance in the order of an attribution, a removed player taking the background's
// values (the mean output over the background rows, as interventional Shapley values define
// absence). Asks for (G + 1) x 2 x background rows.
class FidelityCurves {
 public:
  FidelityCurves(Schema schema, const Eigen::VectorXf& instance, Background background,
                 std::vector<int> order, int64_t max_batch_rows = 65536);

  RowBatch next() { return steps_.next(); }
  void tell(ConstMatrixView outputs) { steps_.tell(outputs); }
  FidelityCurvesResult result() const;

 private:
  Schema schema_;
  Eigen::VectorXf instance_;
  Background background_;
  std::vector<int> order_;
  StepBatches steps_;  // steps 0..G: deletion after k removals; G+1..2G+1: insertion of k
};

// Players ordered by attribution, largest first (ties keep player order).
std::vector<int> OrderByAttribution(const Eigen::VectorXd& values);

// Trapezoid area of points spaced evenly over [0, 1].
double CurveArea(const Eigen::VectorXd& curve);

}  // namespace whyrec
