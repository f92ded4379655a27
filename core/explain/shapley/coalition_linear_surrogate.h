#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace whyrec {

// The part of Kernel SHAP's surrogate that is linear in a few families of terms, each with
// closed-form Shapley values:
//  - presence: a_i for each present player;
//  - a size curve h(|S|), a smooth function of the coalition's size (coefficients on 1/s,
//    1/s^2, s/n, (s/n)^2, (s/n)^3; zero at the empty coalition): what a recommendation does as
//    its history gets short, whoever is in it. Symmetric, so each player gets h(n) / n;
//  - recency (players in time order, oldest first, as a history's items): d_i r^{m_i(S)} for each
//    present player, m_i(S) the present players after i, r = exp(-1 / kRecencyScale): an item
//    counts for less the more recent items follow it, as a sequence model's positions make it
//    when absent items are removed and the rest move up. Its Shapley values come from the
//    multilinear extension (Owen 1972): with q = 1 - r and m players after i, i gets
//    (1 - r^{m+1}) / (q (m + 1)) and each later player -(1/q) (1/(m(m+1)) - r^m/m + r^{m+1}/(m+1)).
// The families are fitted together (fitting presence first and the rest on its residual
// leaves a worse surrogate: the presence terms absorb the size effect as a shift).
class CoalitionLinearSurrogate {
 public:
  struct Terms {
    bool size_curve = false;
    bool recency = false;
  };
  static constexpr double kRecencyScale = 10.0;  // items; r = exp(-1/10) per following item

  // Weighted least squares of `targets` (v(S) - v(empty set)) over the coalitions (one byte per
  // player each; sizes 1 to players - 1 are fitted), held to `total` at the full coalition.
  static CoalitionLinearSurrogate Fit(int players, const std::vector<const uint8_t*>& coalitions,
                                      const Eigen::VectorXd& targets,
                                      const Eigen::VectorXd& weights, double total, Terms terms);
  // Presence terms only, given (Kernel SHAP's additive fit).
  static CoalitionLinearSurrogate Additive(const Eigen::VectorXd& values);

  double Predict(const uint8_t* present) const;
  Eigen::VectorXd ShapleyValues() const;

 private:
  explicit CoalitionLinearSurrogate(int players);
  int players_;
  Eigen::VectorXd presence_;  // a_i
  Eigen::VectorXd recency_;   // d_i (zero when not fitted)
  Eigen::VectorXd by_size_;   // h(s), s = 0..players (zero when not fitted)
};

}  // namespace whyrec
