#include "core/explain/shapley/shapley_weights.h"

#include <cmath>

namespace whyrec {

std::vector<double> ShapleyWeightsBySize(int players) {
  std::vector<double> weight(players);
  for (int s = 0; s < players; ++s) {
    // lgamma keeps this exact to rounding for any G without overflowing factorials.
    weight[s] =
        std::exp(std::lgamma(s + 1.0) + std::lgamma(players - s) - std::lgamma(players + 1.0));
  }
  return weight;
}

}  // namespace whyrec
