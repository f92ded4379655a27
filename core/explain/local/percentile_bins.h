#pragma once

#include <string>
#include <vector>

#include "core/background.h"

namespace whyrec {

// The bins LIME and Anchors discretize a numeric feature into: thresholds q_0 < ... < q_{B-2}
// at percentiles of the background column; bin b holds q_{b-1} < x <= q_b (numpy's
// searchsorted, as lime and alibi use), so "bin <= b" is exactly "x <= q_b".
class PercentileBins {
 public:
  // Percentiles in [0, 100]; equal thresholds (a column with few distinct values) are merged.
  PercentileBins(const Background& background, int column, const std::vector<double>& percentiles);

  const std::vector<double>& thresholds() const { return thresholds_; }
  int num_bins() const { return static_cast<int>(thresholds_.size()) + 1; }
  int BinOf(double x) const;

 private:
  std::vector<double> thresholds_;
};

// The weighted percentile p (in [0, 100]) of a background column; with equal weights it is
// numpy.percentile's default linear interpolation.
double WeightedPercentile(const Background& background, int column, double percentile);

// A threshold as it reads in a rule: up to 6 significant digits ("24.5", "0.0231").
std::string FormatThreshold(double x);

}  // namespace whyrec
