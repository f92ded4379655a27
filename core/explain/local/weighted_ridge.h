#pragma once

#include <Eigen/Core>
#include <vector>

namespace whyrec {

// A linear surrogate fitted by weighted ridge regression with an unpenalized intercept, as
// sklearn's Ridge(alpha, fit_intercept=True).fit(X, y, sample_weight=w), which lime uses.
struct RidgeFit {
  double intercept = 0;
  Eigen::VectorXd coefficients;
  double r2 = 0;  // weighted R^2 on the fitting data (sklearn's score): the local fidelity
};

// Fits y ~ X[:, columns]; alpha = 0 is least squares (minimum-norm when columns are collinear).
RidgeFit FitWeightedRidge(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                          const Eigen::VectorXd& weights, const std::vector<int>& columns,
                          double alpha);

// Weighted R^2 = 1 - sum w (y - yhat)^2 / sum w (y - ybar_w)^2; like sklearn, 1 for a perfect
// fit of a constant target and 0 for an imperfect one.
double WeightedR2(const Eigen::VectorXd& y, const Eigen::VectorXd& predicted,
                  const Eigen::VectorXd& weights);

}  // namespace whyrec
