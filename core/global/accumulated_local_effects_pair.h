#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

#include "core/global/step_batches.h"
#include "core/matrix.h"
#include "core/schema.h"

namespace whyrec {

struct AlePairResult {
  std::vector<std::string> features;  // two
  std::vector<double> edges[2];       // quantile bin edges of each feature
  Eigen::MatrixXd effect;             // (K1 + 1) x (K2 + 1): the centered interaction at edges
  Eigen::MatrixXi counts;             // K1 x K2 rows per cell
  int64_t evaluations = 0;
};

// The second-order ALE of a pair of features (Apley and Zhu 2020, as R's ALEPlot computes it):
// per cell of the two quantile grids, the mean second difference of the output over the cell's
// corners; empty cells take the value of the nearest non-empty cell; accumulated over both
// features, with both main effects removed and centered. Only the interaction is left: it is
// zero for a model additive in the two features. Asks for each row at its cell's four corners.
class AlePair {
 public:
  AlePair(const Schema& schema, RowMatrixF data, int first, int second, int bins = 10,
          int64_t max_batch_rows = 65536);

  RowBatch next() { return steps_.next(); }
  void tell(ConstMatrixView outputs) { steps_.tell(outputs); }
  AlePairResult result() const;

 private:
  std::vector<std::string> names_;
  RowMatrixF data_;
  int columns_[2];
  std::vector<double> edges_[2];
  std::vector<int> cell_[2];  // per row, its bin (1..K) along each feature
  StepBatches steps_;         // corners: step bit 0 picks the upper edge of the first feature
};

}  // namespace whyrec
