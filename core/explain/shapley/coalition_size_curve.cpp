#include "core/explain/shapley/coalition_size_curve.h"

#include <Eigen/Cholesky>

namespace whyrec {
namespace {

int Size(const uint8_t* present, int players) {
  int size = 0;
  for (int p = 0; p < players; ++p) size += present[p] != 0;
  return size;
}

constexpr int kBasis = 5;
using Basis = Eigen::Matrix<double, kBasis, 1>;

Basis SizeBasis(int size, int players) {
  const double s = size, t = s / players;
  Basis b;
  b << 1.0 / s, 1.0 / (s * s), t, t * t, t * t * t;
  return b;
}

// The full coalition's row, far heavier than all sampled ones together, holds h(n) at zero.
constexpr double kFullCoalitionWeight = 1e3;
// Relative to the sampled coalitions' mean diagonal of the normal equations: keeps nearly collinear
// sizes well posed (a fit from one or two sizes) without biasing what the data determine.
constexpr double kRidge = 1e-9;

}  // namespace

CoalitionSizeCurve CoalitionSizeCurve::Fit(int players,
                                           const std::vector<const uint8_t*>& coalitions,
                                           const Eigen::VectorXd& targets,
                                           const Eigen::VectorXd& weights) {
  CoalitionSizeCurve curve(players);
  if (players < 2) return curve;
  Eigen::Matrix<double, kBasis, kBasis> normal = Eigen::Matrix<double, kBasis, kBasis>::Zero();
  Basis right = Basis::Zero();
  double weight_sum = 0;
  for (size_t r = 0; r < coalitions.size(); ++r) {
    const int size = Size(coalitions[r], players);
    if (size == 0 || size == players) continue;
    const Basis b = SizeBasis(size, players);
    normal += weights[r] * b * b.transpose();
    right += weights[r] * targets[r] * b;
    weight_sum += weights[r];
  }
  if (!(weight_sum > 0)) return curve;
  normal.diagonal().array() += kRidge * normal.diagonal().mean();
  const Basis full = SizeBasis(players, players);
  normal += kFullCoalitionWeight * weight_sum * full * full.transpose();
  const Basis coefficients = normal.ldlt().solve(right);
  for (int s = 1; s < players; ++s) curve.by_size_[s] = SizeBasis(s, players).dot(coefficients);
  return curve;
}

double CoalitionSizeCurve::Predict(const uint8_t* present) const {
  return by_size_[Size(present, players_)];
}

}  // namespace whyrec
