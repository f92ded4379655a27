#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

#include "core/global/step_batches.h"
#include "core/matrix.h"
#include "core/schema.h"

namespace whyrec {

struct PartialDependenceResult {
  std::vector<std::string> features;       // one or two
  std::vector<std::vector<double>> grids;  // per feature
  Eigen::MatrixXd average;  // grid of feature 1 x grid of feature 2 (1 column for one feature)
  int64_t evaluations = 0;
};

// Partial dependence (Friedman 2001): the mean model output over the data with one feature (or
// a pair) set to each grid value. The grid is sklearn's: the distinct values when there are at
// most grid_resolution of them, else grid_resolution points evenly spaced between the 5th and
// 95th percentiles. Asks for one copy of the data per grid point.
class PartialDependence {
 public:
  PartialDependence(const Schema& schema, RowMatrixF data, std::vector<int> columns,
                    int grid_resolution = 20, int64_t max_batch_rows = 65536);

  RowBatch next() { return steps_.next(); }
  void tell(ConstMatrixView outputs) { steps_.tell(outputs); }
  PartialDependenceResult result() const;

 private:
  std::vector<std::string> names_;
  RowMatrixF data_;
  std::vector<int> columns_;
  std::vector<std::vector<double>> grids_;
  StepBatches steps_;
};

// sklearn's partial dependence grid for one column of `data`.
std::vector<double> PartialDependenceGrid(const RowMatrixF& data, int column, int resolution);

}  // namespace whyrec
