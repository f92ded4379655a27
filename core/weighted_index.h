#pragma once

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "core/random.h"

namespace whyrec {

// Draws indices 0..n-1 with probability proportional to their weights: a binary search in the
// cumulative sums, so the draw is the same on every platform.
class WeightedIndex {
 public:
  explicit WeightedIndex(const std::vector<double>& weights) {
    double total = 0;
    for (double w : weights) cumulative_.push_back(total += w);
    if (!(total > 0)) throw std::invalid_argument("cannot draw from weights that sum to zero");
  }

  int Draw(Random& random) const {
    const double u = random.Uniform() * cumulative_.back();
    const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
    return static_cast<int>(std::min<size_t>(it - cumulative_.begin(), cumulative_.size() - 1));
  }

 private:
  std::vector<double> cumulative_;
};

}  // namespace whyrec
