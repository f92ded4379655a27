#include "core/explain/local/percentile_bins.h"

#include <algorithm>
#include <cstdio>
#include <numeric>

namespace whyrec {

double WeightedPercentile(const Background& background, int column, double percentile) {
  const Eigen::Index n = background.size();
  std::vector<Eigen::Index> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  const auto value = [&](Eigen::Index i) {
    return static_cast<double>(background.rows()(i, column));
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](Eigen::Index a, Eigen::Index b) { return value(a) < value(b); });
  if (n == 1) return value(order[0]);
  // Sorted value k sits at position (cumulative weight before it) / (1 - last weight): k/(n-1)
  // for equal weights, which is numpy's linear interpolation.
  const Eigen::VectorXd& w = background.weights();
  const double span = 1.0 - w[order.back()];
  const double p = percentile / 100.0;
  double before = 0.0;
  for (Eigen::Index k = 0; k + 1 < n; ++k) {
    const double at = span > 0 ? before / span : 0.0;
    const double next_at = span > 0 ? (before + w[order[k]]) / span : 1.0;
    if (p <= next_at) {
      const double t = next_at > at ? (p - at) / (next_at - at) : 0.0;
      return value(order[k]) + std::clamp(t, 0.0, 1.0) * (value(order[k + 1]) - value(order[k]));
    }
    before += w[order[k]];
  }
  return value(order.back());
}

PercentileBins::PercentileBins(const Background& background, int column,
                               const std::vector<double>& percentiles) {
  for (double p : percentiles) thresholds_.push_back(WeightedPercentile(background, column, p));
  std::sort(thresholds_.begin(), thresholds_.end());
  thresholds_.erase(std::unique(thresholds_.begin(), thresholds_.end()), thresholds_.end());
}

int PercentileBins::BinOf(double x) const {
  return static_cast<int>(std::lower_bound(thresholds_.begin(), thresholds_.end(), x) -
                          thresholds_.begin());
}

std::string FormatThreshold(double x) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.6g", x);
  return text;
}

}  // namespace whyrec
