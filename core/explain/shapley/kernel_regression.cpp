#include "core/explain/shapley/kernel_regression.h"

#include <Eigen/QR>
#include <map>

namespace whyrec {

KernelEstimate SolveKernelRegression(int players, const std::vector<WeightedCoalition>& coalitions,
                                     const std::vector<SamplingUnit>& units, double total) {
  const int m = players;
  Eigen::MatrixXd kkt = Eigen::MatrixXd::Zero(m + 1, m + 1);
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(m + 1);
  Eigen::VectorXd z(m);
  for (const auto& c : coalitions) {
    for (int g = 0; g < m; ++g) z[g] = c.present[g] ? 1.0 : 0.0;
    kkt.topLeftCorner(m, m).selfadjointView<Eigen::Lower>().rankUpdate(z, c.weight);
    rhs.head(m) += c.weight * c.value * z;
  }
  kkt.topLeftCorner(m, m) = kkt.topLeftCorner(m, m).selfadjointView<Eigen::Lower>();
  kkt.block(0, m, m, 1).setOnes();
  kkt.block(m, 0, 1, m).setOnes();
  rhs[m] = total;
  // The KKT matrix is indefinite and, for tiny samples, A alone may be singular: a rank-revealing
  // QR of the whole system still gives the constrained solution and its inverse.
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(kkt);
  const Eigen::MatrixXd inverse = qr.inverse();
  KernelEstimate estimate;
  estimate.values = (inverse * rhs).head(m);
  const Eigen::MatrixXd projector = inverse.topLeftCorner(m, m);

  // Per unit: g_u = scale * sum over its coalitions of z (v - z . phi), the unit's contribution
  // to the normal equations' residual; strata's sample covariances give the variance.
  std::map<int, std::vector<Eigen::VectorXd>> by_stratum;
  std::map<int, double> fraction;
  for (const auto& unit : units) {
    if (unit.sampled_fraction >= 1.0) continue;
    Eigen::VectorXd g = Eigen::VectorXd::Zero(m);
    for (int i : unit.coalitions) {
      const auto& c = coalitions[i];
      double fitted = 0;
      for (int p = 0; p < m; ++p) {
        z[p] = c.present[p] ? 1.0 : 0.0;
        fitted += z[p] * estimate.values[p];
      }
      g += unit.unit_scale * (c.value - fitted) * z;
    }
    by_stratum[unit.stratum].push_back(std::move(g));
    fraction[unit.stratum] = unit.sampled_fraction;
  }
  Eigen::MatrixXd variance = Eigen::MatrixXd::Zero(m, m);
  std::vector<Eigen::VectorXd> singletons;
  for (const auto& [stratum, gs] : by_stratum) {
    if (gs.size() < 2) {
      singletons.push_back(gs[0]);
      continue;
    }
    const double n = static_cast<double>(gs.size());
    Eigen::VectorXd mean = Eigen::VectorXd::Zero(m);
    for (const auto& g : gs) mean += g / n;
    Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(m, m);
    for (const auto& g : gs) cov += (g - mean) * (g - mean).transpose() / (n - 1);
    variance += (1.0 - fraction[stratum]) * cov / n;
  }
  // Strata with a single drawn pair have no spread of their own: pooled, as collapsed strata.
  if (singletons.size() >= 2) {
    const double n = static_cast<double>(singletons.size());
    Eigen::VectorXd mean = Eigen::VectorXd::Zero(m);
    for (const auto& g : singletons) mean += g / n;
    for (const auto& g : singletons) variance += (g - mean) * (g - mean).transpose() * n / (n - 1);
  }
  estimate.std_errors =
      (projector * variance * projector.transpose()).diagonal().cwiseMax(0.0).cwiseSqrt();
  return estimate;
}

}  // namespace whyrec
