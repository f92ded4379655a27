#include "core/missing_values.h"

#include <cmath>
#include <stdexcept>

namespace whyrec {

void RequireNoInfinity(const RowMatrixF& matrix, const std::string& what) {
  for (Eigen::Index r = 0; r < matrix.rows(); ++r) {
    for (Eigen::Index c = 0; c < matrix.cols(); ++c) {
      if (std::isinf(matrix(r, c))) {
        throw std::invalid_argument(what + " row " + std::to_string(r) + ", column " +
                                    std::to_string(c) +
                                    " is infinite (a missing value is NaN; infinity is an error)");
      }
    }
  }
}

void RequireComplete(const RowMatrixF& rows, const std::vector<std::string>& names,
                     const std::string& what, const std::string& refusal) {
  if (!rows.hasNaN()) return;
  for (Eigen::Index r = 0; r < rows.rows(); ++r) {
    for (Eigen::Index c = 0; c < rows.cols(); ++c) {
      if (!std::isnan(rows(r, c))) continue;
      const std::string row = rows.rows() == 1 ? "" : " row " + std::to_string(r) + ",";
      const std::string column = names.empty() ? "column " + std::to_string(c)
                                               : "feature '" + names[static_cast<size_t>(c)] + "'";
      throw std::invalid_argument(refusal + ": " + what + row + " " + column + " is missing");
    }
  }
}

}  // namespace whyrec
