#include "core/explain/local/weighted_ridge.h"

#include <Eigen/Dense>

namespace whyrec {

double WeightedR2(const Eigen::VectorXd& y, const Eigen::VectorXd& predicted,
                  const Eigen::VectorXd& weights) {
  const double mean = weights.dot(y) / weights.sum();
  const double residual = weights.dot((y - predicted).array().square().matrix());
  const double total = weights.dot((y.array() - mean).square().matrix());
  if (total > 0) return 1.0 - residual / total;
  return residual == 0 ? 1.0 : 0.0;
}

RidgeFit FitWeightedRidge(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                          const Eigen::VectorXd& weights, const std::vector<int>& columns,
                          double alpha) {
  const Eigen::Index n = x.rows(), p = static_cast<Eigen::Index>(columns.size());
  Eigen::MatrixXd xs(n, p);
  for (Eigen::Index c = 0; c < p; ++c) xs.col(c) = x.col(columns[c]);
  const double total = weights.sum();
  const Eigen::RowVectorXd x_mean = weights.transpose() * xs / total;
  const double y_mean = weights.dot(y) / total;
  const Eigen::MatrixXd centered = xs.rowwise() - x_mean;
  const Eigen::MatrixXd weighted = centered.array().colwise() * weights.array();
  Eigen::MatrixXd gram = weighted.transpose() * centered;
  gram.diagonal().array() += alpha;
  const Eigen::VectorXd rhs = weighted.transpose() * (y.array() - y_mean).matrix();
  RidgeFit fit;
  fit.coefficients = gram.completeOrthogonalDecomposition().solve(rhs);
  fit.intercept = y_mean - x_mean.dot(fit.coefficients);
  const Eigen::VectorXd predicted = (xs * fit.coefficients).array() + fit.intercept;
  fit.r2 = WeightedR2(y, predicted, weights);
  return fit;
}

}  // namespace whyrec
