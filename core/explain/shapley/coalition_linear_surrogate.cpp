#include "core/explain/shapley/coalition_linear_surrogate.h"

#include <Eigen/QR>

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

// exp(-1 / kRecencyScale), written out: the widget's core has no other use for exp.
constexpr double kRecencyFactor = 0.9048374180359595;
static_assert(CoalitionLinearSurrogate::kRecencyScale == 10.0, "kRecencyFactor is exp(-1/10)");
double RecencyFactor() { return kRecencyFactor; }

// r^{m_i(S)} for each player (0 where absent), m_i(S) the present players after i.
void RecencyFeatures(const uint8_t* present, int players, double* out) {
  const double r = RecencyFactor();
  double weight = 1.0;
  for (int p = players - 1; p >= 0; --p) {
    out[p] = present[p] ? weight : 0.0;
    if (present[p]) weight *= r;
  }
}

// Relative to the sampled coalitions' mean diagonal of the normal equations: keeps directions
// the sample cannot tell apart well posed without biasing what it determines.
constexpr double kRidge = 1e-9;

int Unknowns(int players, CoalitionLinearSurrogate::Terms terms) {
  return players + (terms.recency ? players : 0) + (terms.size_curve ? kSizeBasis : 0);
}

// One coalition's row of the least squares: presence, then recency, then the size basis.
void Features(const uint8_t* present, int players, CoalitionLinearSurrogate::Terms terms,
              double* out) {
  for (int p = 0; p < players; ++p) out[p] = present[p];
  double* next = out + players;
  if (terms.recency) {
    RecencyFeatures(present, players, next);
    next += players;
  }
  if (terms.size_curve) SizeBasis(Size(present, players), players, next);
}

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
  const int unknowns = Unknowns(players, terms);
  Eigen::MatrixXd normal = Eigen::MatrixXd::Zero(unknowns, unknowns);
  Eigen::VectorXd right = Eigen::VectorXd::Zero(unknowns);
  Eigen::VectorXd row(unknowns);
  double weight_sum = 0;
  for (size_t r = 0; r < coalitions.size(); ++r) {
    const int size = Size(coalitions[r], players);
    if (size == 0 || size == players) continue;
    Features(coalitions[r], players, terms, row.data());
    normal.noalias() += weights[r] * row * row.transpose();
    right += weights[r] * targets[r] * row;
    weight_sum += weights[r];
  }
  if (!(weight_sum > 0)) return surrogate;
  normal.diagonal().array() += kRidge * normal.diagonal().mean();
  // The value at the full coalition is a constraint (a Lagrange multiplier's row), as the Kernel
  // SHAP regression's efficiency is; QR, as there, for an indefinite system, and the one solver
  // the widget's core links.
  const std::vector<uint8_t> all(players, 1);
  Features(all.data(), players, terms, row.data());
  Eigen::MatrixXd kkt = Eigen::MatrixXd::Zero(unknowns + 1, unknowns + 1);
  kkt.topLeftCorner(unknowns, unknowns) = normal;
  kkt.block(0, unknowns, unknowns, 1) = row;
  kkt.block(unknowns, 0, 1, unknowns) = row.transpose();
  Eigen::VectorXd rhs(unknowns + 1);
  rhs << right, total;
  const Eigen::VectorXd solution =
      (Eigen::ColPivHouseholderQR<Eigen::MatrixXd>(kkt).inverse() * rhs).head(unknowns);
  surrogate.presence_ = solution.head(players);
  if (terms.recency) surrogate.recency_ = solution.segment(players, players);
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
  // From the newest player back, m players after i: r_m = r^m.
  double r_m = 1.0;
  for (int i = players_ - 1; i >= 0; --i, r_m *= r) {
    const double m = players_ - 1 - i;
    phi[i] += recency_[i] * (1.0 - r_m * r) / (q * (m + 1));
    if (m < 1) continue;
    const double each = -(1.0 / (m * (m + 1)) - r_m / m + r_m * r / (m + 1)) / q;
    for (int j = i + 1; j < players_; ++j) phi[j] += recency_[i] * each;
  }
  return phi;
}

}  // namespace whyrec
