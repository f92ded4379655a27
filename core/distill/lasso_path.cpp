#include "core/distill/lasso_path.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "core/distill/fidelity.h"
#include "core/random.h"

namespace whyrec {
namespace {

// Standardized columns of the selected rows (constant columns stay zero) and the target centred.
struct Standardized {
  Eigen::MatrixXd z;
  Eigen::VectorXd y;
  Eigen::VectorXd mean, scale;  // per feature; scale 0 for a constant column
  double y_mean;
};

Standardized Standardize(const RowMatrixF& x, const Eigen::VectorXd& target,
                         const std::vector<int>& rows) {
  Standardized s;
  const Eigen::Index n = static_cast<Eigen::Index>(rows.size());
  s.z.resize(n, x.cols());
  s.y.resize(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    s.z.row(i) = x.row(rows[i]).cast<double>();
    s.y[i] = target[rows[i]];
  }
  s.mean = s.z.colwise().mean().transpose();
  s.scale.resize(x.cols());
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    s.z.col(j).array() -= s.mean[j];
    const double sd = std::sqrt(s.z.col(j).squaredNorm() / n);
    s.scale[j] = sd > 1e-12 ? sd : 0.0;
    s.z.col(j) = sd > 1e-12 ? Eigen::VectorXd(s.z.col(j) / sd) : Eigen::VectorXd::Zero(n);
  }
  s.y_mean = s.y.mean();
  s.y.array() -= s.y_mean;
  return s;
}

// Coordinate descent for (1 / 2n) |y - Z b|^2 + lambda |b|_1 from the warm start `beta`, whose
// residual y - Z beta is `residual`; columns have unit mean square.
void Descend(const Standardized& s, double lambda, const LassoOptions& o, Eigen::VectorXd* beta,
             Eigen::VectorXd* residual) {
  const double n = static_cast<double>(s.y.size());
  for (int sweep = 0; sweep < o.max_sweeps; ++sweep) {
    double largest_move = 0.0;
    for (Eigen::Index j = 0; j < s.z.cols(); ++j) {
      if (s.scale[j] == 0.0) continue;
      const double rho = s.z.col(j).dot(*residual) / n + (*beta)[j];
      const double updated = std::copysign(std::max(std::abs(rho) - lambda, 0.0), rho);
      const double move = updated - (*beta)[j];
      if (move != 0.0) {
        *residual -= move * s.z.col(j);
        (*beta)[j] = updated;
        largest_move = std::max(largest_move, std::abs(move));
      }
    }
    if (largest_move < o.tolerance) return;
  }
}

LinearModel OnOriginalScale(const Standardized& s, const Eigen::VectorXd& beta,
                            std::vector<std::string> names, Link link) {
  Eigen::VectorXd w = Eigen::VectorXd::Zero(beta.size());
  double intercept = s.y_mean;
  for (Eigen::Index j = 0; j < beta.size(); ++j) {
    if (s.scale[j] == 0.0) continue;
    w[j] = beta[j] / s.scale[j];
    intercept -= w[j] * s.mean[j];
  }
  return LinearModel(std::move(names), std::move(w), intercept, link);
}

Eigen::VectorXd PredictRows(const LinearModel& m, const RowMatrixF& x,
                            const std::vector<int>& rows) {
  Eigen::VectorXd out(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    out[i] = m.intercept() + x.row(rows[i]).cast<double>().dot(m.coefficients());
  }
  return out;
}

}  // namespace

LassoFit FitLasso(const RowMatrixF& x, const Eigen::VectorXd& target,
                  std::vector<std::string> feature_names, Link link, const LassoOptions& o) {
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    for (Eigen::Index c = 0; c < x.cols(); ++c) {
      if (std::isnan(x(r, c))) {
        throw std::invalid_argument("the linear family cannot take a missing value (row " +
                                    std::to_string(r) + ", feature '" + feature_names[c] +
                                    "'): impute it or use the ga2m family");
      }
    }
  }
  if (o.path_length < 1) throw std::invalid_argument("path_length must be >= 1");
  std::vector<int> order(x.rows());
  std::iota(order.begin(), order.end(), 0);
  Random random(o.seed);
  for (int i = static_cast<int>(order.size()) - 1; i > 0; --i) {
    std::swap(order[i], order[random.Below(i + 1)]);
  }
  const size_t held = static_cast<size_t>(o.validation_fraction * x.rows());
  std::vector<int> fit_rows(order.begin(), order.end() - held);
  std::vector<int> valid_rows(order.end() - held, order.end());
  std::sort(fit_rows.begin(), fit_rows.end());
  std::sort(valid_rows.begin(), valid_rows.end());
  if (valid_rows.size() < 2) valid_rows = fit_rows;

  const Standardized s = Standardize(x, target, fit_rows);
  const double lambda_max =
      (s.z.transpose() * s.y).cwiseAbs().maxCoeff() / static_cast<double>(s.y.size());
  Eigen::VectorXd valid_target(valid_rows.size());
  for (size_t i = 0; i < valid_rows.size(); ++i) valid_target[i] = target[valid_rows[i]];

  Eigen::VectorXd beta = Eigen::VectorXd::Zero(x.cols());
  Eigen::VectorXd residual = s.y;
  double best_lambda = lambda_max, best_r2 = -std::numeric_limits<double>::infinity();
  for (int k = 0; k < o.path_length; ++k) {
    const double lambda =
        lambda_max * std::pow(o.min_ratio, o.path_length == 1 ? 0.0 : k / (o.path_length - 1.0));
    Descend(s, lambda, o, &beta, &residual);
    const int nonzero = static_cast<int>((beta.array() != 0.0).count());
    if (o.max_terms > 0 && nonzero > o.max_terms) break;
    const LinearModel m = OnOriginalScale(s, beta, feature_names, link);
    const double r2 = RSquared(valid_target, PredictRows(m, x, valid_rows));
    if (r2 > best_r2) {
      best_r2 = r2;
      best_lambda = lambda;
    }
  }
  // Refit on every row at the chosen lambda, warm-started down the path to it.
  std::vector<int> all(x.rows());
  std::iota(all.begin(), all.end(), 0);
  const Standardized full = Standardize(x, target, all);
  beta.setZero();
  residual = full.y;
  for (int k = 0; k < o.path_length; ++k) {
    const double lambda =
        lambda_max * std::pow(o.min_ratio, o.path_length == 1 ? 0.0 : k / (o.path_length - 1.0));
    const Eigen::VectorXd previous_beta = beta, previous_residual = residual;
    Descend(full, std::max(lambda, best_lambda), o, &beta, &residual);
    // All rows may select more features at a lambda than the fitted part did: keep the budget.
    if (o.max_terms > 0 && (beta.array() != 0.0).count() > o.max_terms) {
      beta = previous_beta;
      residual = previous_residual;
      break;
    }
    if (lambda <= best_lambda) break;
  }
  const int nonzero = static_cast<int>((beta.array() != 0.0).count());
  return {OnOriginalScale(full, beta, std::move(feature_names), link), best_lambda, nonzero,
          best_r2};
}

}  // namespace whyrec
