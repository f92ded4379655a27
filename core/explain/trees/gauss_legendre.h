#pragma once

#include <vector>

namespace whyrec {

// The n-point Gauss-Legendre rule on [0, 1]: sum_p weights[p] f(nodes[p]) is the exact integral
// of every polynomial f of degree <= 2n - 1. Nodes are increasing and strictly inside (0, 1);
// weights are positive.
struct QuadratureRule {
  std::vector<double> nodes;
  std::vector<double> weights;
};

// Throws std::invalid_argument for n < 1.
QuadratureRule GaussLegendre(int n);

}  // namespace whyrec
