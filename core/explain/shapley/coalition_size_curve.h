#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace whyrec {

// What a game does as a function of the coalition's size alone, h(|S|): for a recommendation
// from a history, the drop once the history is nearly empty. A smooth curve (a few coefficients
// on 1/s, 1/s^2, s/n, (s/n)^2, (s/n)^3), where one mean per size would rest on the handful of
// coalitions sampled at each size. h is zero at the empty coalition and held to zero at the full
// one, so as a game it is symmetric and zero at both ends: no Shapley value, only less variance
// for what it is subtracted from.
class CoalitionSizeCurve {
 public:
  // Weighted least squares of `targets` on the curve over the coalitions (one byte per player
  // each; coalitions of sizes 1 to players - 1 are fitted, the others ignored).
  static CoalitionSizeCurve Fit(int players, const std::vector<const uint8_t*>& coalitions,
                                const Eigen::VectorXd& targets, const Eigen::VectorXd& weights);
  // The curve that is zero everywhere.
  static CoalitionSizeCurve Zero(int players) { return CoalitionSizeCurve(players); }

  double Predict(const uint8_t* present) const;

 private:
  explicit CoalitionSizeCurve(int players)
      : players_(players), by_size_(Eigen::VectorXd::Zero(players + 1)) {}
  int players_;
  Eigen::VectorXd by_size_;  // h(s), s = 0..players
};

}  // namespace whyrec
