#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <utility>
#include <vector>

namespace whyrec {

struct PairStrength {
  int first;
  int second;
  // Drop in the residual's sum of squares from the best 2 x 2 cut of the pair (FAST).
  double gain;
};

// FAST (Lou, Caruana, Gehrke, Hooker, KDD 2013): ranks every feature pair by how much the best
// piecewise-constant 2 x 2 model on one cut per feature explains of the residual, from a
// per-pair histogram of residual sums (bins as BinOf gives, bin 0 = missing, lowest).
// `bins[f]` holds feature f's bin per row and `bin_counts[f]` its number of bins. Returns all
// pairs, strongest first (ties by index: deterministic).
std::vector<PairStrength> RankPairs(const std::vector<std::vector<uint16_t>>& bins,
                                    const std::vector<int>& bin_counts,
                                    const Eigen::VectorXd& residual);

}  // namespace whyrec
