#pragma once

#include <cstdint>
#include <vector>

#include "core/matrix.h"

namespace whyrec {

// Cuts for at most `max_bins` value bins of one column, at its quantiles (missing values, NaN,
// are left out: they get bin 0). The cuts are values of the column, so a bin is
// [cut_k, cut_k+1) and the JSON keeps the data's own short decimals. A column with at most
// max_bins distinct values gets one bin per value.
std::vector<float> QuantileCuts(const RowMatrixF& x, int column, int max_bins);

// One column's bins (BinOf) for every row, as 16-bit indices.
std::vector<uint16_t> BinColumn(const RowMatrixF& x, int column, const std::vector<float>& cuts);

// Every column cut at its quantiles and binned: cuts[c] and bins[c][row] (BinOf).
struct BinnedColumns {
  std::vector<std::vector<float>> cuts;
  std::vector<std::vector<uint16_t>> bins;
  int bin_count(int c) const { return static_cast<int>(cuts[c].size()) + 2; }
};
BinnedColumns BinColumns(const RowMatrixF& x, int max_bins);

}  // namespace whyrec
