#pragma once

#include <Eigen/Core>

#include "core/matrix.h"

namespace whyrec {

// Reference rows that stand in for "feature unknown", with weights that sum to one.
class Background {
 public:
  // Throws std::invalid_argument for an empty background, an infinite cell (NaN is a missing
  // value, allowed), or weights that are negative, non-finite, all zero, or not one per row.
  Background(RowMatrixF rows, Eigen::VectorXd weights);
  static Background Uniform(RowMatrixF rows);

  const RowMatrixF& rows() const { return rows_; }
  const Eigen::VectorXd& weights() const { return weights_; }
  int size() const { return static_cast<int>(rows_.rows()); }
  int width() const { return static_cast<int>(rows_.cols()); }
  // Weighted column means, in double precision (NaN in a column with a missing value).
  Eigen::VectorXd Mean() const;

 private:
  RowMatrixF rows_;
  Eigen::VectorXd weights_;
};

}  // namespace whyrec
