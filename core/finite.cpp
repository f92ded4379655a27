#include "core/finite.h"

#include <cmath>
#include <stdexcept>

namespace whyrec {

void RequireFinite(const RowMatrixF& matrix, const std::string& what) {
  if (matrix.allFinite()) return;
  for (Eigen::Index r = 0; r < matrix.rows(); ++r) {
    for (Eigen::Index c = 0; c < matrix.cols(); ++c) {
      if (!std::isfinite(matrix(r, c))) {
        throw std::invalid_argument(what + " row " + std::to_string(r) + ", column " +
                                    std::to_string(c) + " is " +
                                    (std::isnan(matrix(r, c)) ? "NaN" : "infinite"));
      }
    }
  }
}

}  // namespace whyrec
