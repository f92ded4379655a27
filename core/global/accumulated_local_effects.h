#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

#include "core/global/step_batches.h"
#include "core/matrix.h"
#include "core/schema.h"

namespace whyrec {

struct AleResult {
  std::string feature;
  std::vector<double> edges;    // bin edges z_0 < ... < z_K
  std::vector<double> effect;   // centered ALE at each edge
  std::vector<int64_t> counts;  // rows per bin (K)
  int64_t evaluations = 0;
};

// Accumulated local effects (Apley and Zhu 2020) of one feature: bins at quantiles of the data;
// in each bin, the mean change of the output when the rows of the bin move the feature from the
// bin's lower to its upper edge; accumulated over bins and centered so that the row-weighted mean
// effect is zero. For an additive model f = g(x_j) + rest, effect(z_k) - effect(z_0) is exactly
// g(z_k) - g(z_0). Asks for each row twice (at both edges of its bin).
class AccumulatedLocalEffects {
 public:
  AccumulatedLocalEffects(const Schema& schema, RowMatrixF data, int column, int bins = 20,
                          int64_t max_batch_rows = 65536);

  RowBatch next() { return steps_.next(); }
  void tell(ConstMatrixView outputs) { steps_.tell(outputs); }
  AleResult result() const;

 private:
  std::string name_;
  RowMatrixF data_;
  int column_;
  std::vector<double> edges_;
  std::vector<int> bin_of_row_;  // 1..K
  StepBatches steps_;            // step 0: rows at their bin's lower edge; step 1: upper edge
};

// Bin edges at the quantiles k / bins of a column, duplicates merged; throws when the column has
// fewer than two distinct values.
std::vector<double> AleEdges(const RowMatrixF& data, int column, int bins);

// The bin (1..K) of x: z_{k-1} < x <= z_k, the smallest value in bin 1.
int AleBin(const std::vector<double>& edges, double x);

}  // namespace whyrec
