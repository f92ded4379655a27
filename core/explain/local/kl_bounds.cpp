#include "core/explain/local/kl_bounds.h"

#include <algorithm>
#include <cmath>

namespace whyrec {

double KlBernoulli(double p, double q) {
  p = std::clamp(p, 1e-7, 1 - 1e-16);
  q = std::clamp(q, 1e-7, 1 - 1e-16);
  return p * std::log(p / q) + (1 - p) * std::log((1 - p) / (1 - q));
}

double KlUpperBound(double p, double level) {
  double low = p, high = std::min(p + std::sqrt(level / 2), 1.0);
  for (int i = 1; i < 17; ++i) {
    const double mid = (low + high) / 2;
    (KlBernoulli(p, mid) > level ? high : low) = mid;
  }
  return high;
}

double KlLowerBound(double p, double level) {
  double high = p, low = std::clamp(p - std::sqrt(level / 2), 0.0, 1.0);
  for (int i = 1; i < 17; ++i) {
    const double mid = (low + high) / 2;
    (KlBernoulli(p, mid) > level ? low : high) = mid;
  }
  return low;
}

double LucbBeta(int arms, int t, double delta) {
  const double alpha = 1.1, k = 405.5;
  const double temp = std::log(k * arms * std::pow(t, alpha) / delta);
  return temp + std::log(temp);
}

}  // namespace whyrec
