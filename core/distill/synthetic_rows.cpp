#include "core/distill/synthetic_rows.h"

#include <stdexcept>
#include <string>

#include "core/random.h"

namespace whyrec {

RowMatrixF CrossedRows(const RowMatrixF& x, int per_row, uint64_t seed) {
  if (per_row < 0) {
    throw std::invalid_argument("synthetic rows per row must be >= 0, got " +
                                std::to_string(per_row));
  }
  if (x.rows() == 0 && per_row > 0) {
    throw std::invalid_argument("synthetic rows need data rows to cross");
  }
  RowMatrixF out(x.rows() * per_row, x.cols());
  Random random(seed);
  Eigen::Index next = 0;
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    for (int k = 0; k < per_row; ++k, ++next) {
      const auto other = static_cast<Eigen::Index>(random.Below(x.rows()));
      for (Eigen::Index c = 0; c < x.cols(); ++c) {
        out(next, c) = (random.Bits() & 1) ? x(other, c) : x(r, c);
      }
    }
  }
  return out;
}

}  // namespace whyrec
