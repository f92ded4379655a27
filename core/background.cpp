#include "core/background.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "core/missing_values.h"

namespace whyrec {

Background::Background(RowMatrixF rows, Eigen::VectorXd weights)
    : rows_(std::move(rows)), weights_(std::move(weights)) {
  if (rows_.rows() == 0) {
    throw std::invalid_argument("the background is empty: at least one reference row is needed");
  }
  RequireNoInfinity(rows_, "background");
  if (weights_.size() != rows_.rows()) {
    throw std::invalid_argument("the background has " + std::to_string(rows_.rows()) +
                                " rows but " + std::to_string(weights_.size()) + " weights");
  }
  for (Eigen::Index i = 0; i < weights_.size(); ++i) {
    if (!std::isfinite(weights_[i]) || weights_[i] < 0) {
      throw std::invalid_argument("background weight " + std::to_string(i) +
                                  " must be a finite non-negative number");
    }
  }
  const double total = weights_.sum();
  if (!(total > 0)) throw std::invalid_argument("the background weights sum to zero");
  weights_ /= total;
}

Background Background::Uniform(RowMatrixF rows) {
  const Eigen::Index n = rows.rows();
  return Background(std::move(rows), Eigen::VectorXd::Ones(n));
}

Eigen::VectorXd Background::Mean() const { return rows_.cast<double>().transpose() * weights_; }

}  // namespace whyrec
