#include "core/explain/shapley/coalition_linear_surrogate.h"

#include <Eigen/Cholesky>
#include <cmath>

namespace whyrec {
namespace {

constexpr int kSizeBasis = 5;

int Size(const uint8_t* present, int players) {
  int size = 0;
  for (int p = 0; p < players; ++p) size += present[p] != 0;
  return size;
}

void SizeBasis(int size, int players, double* out) {
  const double s = size, t = s / players;
  out[0] = 1.0 / s;
  out[1] = 1.0 / (s * s);
  out[2] = t;
  out[3] = t * t;
  out[4] = t * t * t;
}

double RecencyFactor() { return std::exp(-1.0 / CoalitionLinearSurrogate::kRecencyScale); }

// r^{m_i(S)} for each player (0 where absent), m_i(S) the present players after i.
void RecencyFeatures(const uint8_t* present, int players, double* out) {
  const double r = RecencyFactor();
  double weight = 1.0;
  for (int p = players - 1; p >= 0; --p) {
    out[p] = present[p] ? weight : 0.0;
    if (present[p]) weight *= r;
  }
}

// The full coalition's row, far heavier than all sampled ones together, holds the fit to the
// game's value there.
constexpr double kFullCoalitionWeight = 1e3;
// Relative to the sampled coalitions' mean diagonal of the normal equations: keeps directions
// the sample cannot tell apart well posed without biasing what it determines.
constexpr double kRidge = 1e-9;

}  // namespace

CoalitionLinearSurrogate::CoalitionLinearSurrogate(int players)
    : players_(players),
      presence_(Eigen::VectorXd::Zero(players)),
      recency_(Eigen::VectorXd::Zero(players)),
      by_size_(Eigen::VectorXd::Zero(players + 1)) {}

CoalitionLinearSurrogate CoalitionLinearSurrogate::Additive(const Eigen::VectorXd& values) {
  CoalitionLinearSurrogate surrogate(static_cast<int>(values.size()));
  surrogate.presence_ = values;
  return surrogate;
}

CoalitionLinearSurrogate CoalitionLinearSurrogate::Fit(
    int players, const std::vector<const uint8_t*>& coalitions, const Eigen::VectorXd& targets,
    const Eigen::VectorXd& weights, double total, Terms terms) {
  CoalitionLinearSurrogate surrogate(players);
  const int recency_at = players;
  const int size_at = players + (terms.recency ? players : 0);
  const int unknowns = size_at + (terms.size_curve ? kSizeBasis : 0);
  Eigen::MatrixXd normal = Eigen::MatrixXd::Zero(unknowns, unknowns);
  Eigen::VectorXd right = Eigen::VectorXd::Zero(unknowns);
  Eigen::VectorXd row(unknowns);
  auto add = [&](const uint8_t* present, double target, double weight) {
    const int size = Size(present, players);
    for (int p = 0; p < players; ++p) row[p] = present[p];
    if (terms.recency) RecencyFeatures(present, players, row.data() + recency_at);
    if (terms.size_curve) SizeBasis(size, players, row.data() + size_at);
    normal.selfadjointView<Eigen::Lower>().rankUpdate(row, weight);
    right += weight * target * row;
  };
  double weight_sum = 0;
  for (size_t r = 0; r < coalitions.size(); ++r) {
    const int size = Size(coalitions[r], players);
    if (size == 0 || size == players) continue;
    add(coalitions[r], targets[r], weights[r]);
    weight_sum += weights[r];
  }
  if (!(weight_sum > 0)) return surrogate;
  normal.diagonal().array() += kRidge * normal.diagonal().mean();
  const std::vector<uint8_t> all(players, 1);
  add(all.data(), total, kFullCoalitionWeight * weight_sum);
  normal.triangularView<Eigen::StrictlyUpper>() = normal.transpose();
  const Eigen::VectorXd solution = normal.ldlt().solve(right);
  surrogate.presence_ = solution.head(players);
  if (terms.recency) surrogate.recency_ = solution.segment(recency_at, players);
  if (terms.size_curve) {
    double basis[kSizeBasis];
    for (int s = 1; s <= players; ++s) {
      SizeBasis(s, players, basis);
      surrogate.by_size_[s] =
          Eigen::Map<const Eigen::VectorXd>(basis, kSizeBasis).dot(solution.tail(kSizeBasis));
    }
  }
  return surrogate;
}

double CoalitionLinearSurrogate::Predict(const uint8_t* present) const {
  double value = by_size_[Size(present, players_)];
  const double r = RecencyFactor();
  double weight = 1.0;
  for (int p = players_ - 1; p >= 0; --p) {
    if (!present[p]) continue;
    value += presence_[p] + recency_[p] * weight;
    weight *= r;
  }
  return value;
}

Eigen::VectorXd CoalitionLinearSurrogate::ShapleyValues() const {
  Eigen::VectorXd phi = presence_.array() + by_size_[players_] / players_;
  const double r = RecencyFactor(), q = 1.0 - r;
  for (int i = 0; i < players_; ++i) {
    const double m = players_ - 1 - i;
    phi[i] += recency_[i] * (1.0 - std::pow(r, m + 1)) / (q * (m + 1));
    if (m >= 1) {
      const double each =
          -(1.0 / (m * (m + 1)) - std::pow(r, m) / m + std::pow(r, m + 1) / (m + 1)) / q;
      for (int j = i + 1; j < players_; ++j) phi[j] += recency_[i] * each;
    }
  }
  return phi;
}

}  // namespace whyrec
