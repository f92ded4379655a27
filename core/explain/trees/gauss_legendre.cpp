#include "core/explain/trees/gauss_legendre.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace whyrec {

// Newton's method on the Legendre polynomial P_n from the Chebyshev-like first guesses; the
// roots are symmetric, so each iteration finds a pair. Converges to full double precision in a
// few steps for any n.
QuadratureRule GaussLegendre(int n) {
  if (n < 1) throw std::invalid_argument("Gauss-Legendre needs n >= 1, got " + std::to_string(n));
  QuadratureRule rule;
  rule.nodes.resize(n);
  rule.weights.resize(n);
  const double pi = std::acos(-1.0);
  for (int i = 0; i < (n + 1) / 2; ++i) {
    double x = std::cos(pi * (i + 0.75) / (n + 0.5));
    double derivative = 1;
    for (int iteration = 0; iteration < 100; ++iteration) {
      double p0 = 1, p1 = x;  // P_0, P_1, then the recurrence up to P_n
      for (int k = 2; k <= n; ++k) {
        const double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      derivative = n * (x * p1 - p0) / (x * x - 1);
      const double step = p1 / derivative;
      x -= step;
      if (std::abs(step) < 1e-16) break;
    }
    // Map [-1, 1] to [0, 1]: t = (1 - x) / 2 keeps the nodes increasing; weights halve.
    const double weight = 1.0 / ((1 - x * x) * derivative * derivative);
    rule.nodes[i] = (1 - x) / 2;
    rule.nodes[n - 1 - i] = (1 + x) / 2;
    rule.weights[i] = weight;
    rule.weights[n - 1 - i] = weight;
  }
  return rule;
}

}  // namespace whyrec
