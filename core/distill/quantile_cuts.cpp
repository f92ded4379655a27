#include "core/distill/quantile_cuts.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/models/distilled_model.h"

namespace whyrec {

std::vector<float> QuantileCuts(const RowMatrixF& x, int column, int max_bins) {
  if (max_bins < 2 || max_bins > 65000) {
    throw std::invalid_argument("max_bins must be in 2..65000, got " + std::to_string(max_bins));
  }
  std::vector<float> values;
  values.reserve(x.rows());
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    if (!std::isnan(x(r, column))) values.push_back(x(r, column));
  }
  std::sort(values.begin(), values.end());
  std::vector<float> distinct = values;
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  std::vector<float> cuts;
  if (static_cast<int>(distinct.size()) <= max_bins) {
    if (distinct.size() > 1) cuts.assign(distinct.begin() + 1, distinct.end());
    return cuts;
  }
  // Cut q starts the bin of the value at rank q * n / max_bins; ties collapse into one cut, so
  // heavy values keep one bin of their own.
  const size_t n = values.size();
  for (int q = 1; q < max_bins; ++q) {
    const float v = values[static_cast<size_t>(static_cast<double>(q) * n / max_bins)];
    if (v > values.front() && (cuts.empty() || v > cuts.back())) cuts.push_back(v);
  }
  return cuts;
}

std::vector<uint16_t> BinColumn(const RowMatrixF& x, int column, const std::vector<float>& cuts) {
  std::vector<uint16_t> bins(x.rows());
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    bins[r] = static_cast<uint16_t>(BinOf(cuts, x(r, column)));
  }
  return bins;
}

BinnedColumns BinColumns(const RowMatrixF& x, int max_bins) {
  BinnedColumns binned;
  for (int c = 0; c < x.cols(); ++c) {
    binned.cuts.push_back(QuantileCuts(x, c, max_bins));
    binned.bins.push_back(BinColumn(x, c, binned.cuts.back()));
  }
  return binned;
}

}  // namespace whyrec
