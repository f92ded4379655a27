#pragma once

#include <random>
#include <string>
#include <vector>

#include "core/matrix.h"

namespace whyrec::testing {

// Feature names f0, f1, ... for synthetic tests.
inline std::vector<std::string> FeatureNames(int d) {
  std::vector<std::string> names;
  for (int j = 0; j < d; ++j) names.push_back("f" + std::to_string(j));
  return names;
}

// n rows of d standard normal values, the same for the same seed.
inline RowMatrixF RandomRows(int n, int d, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  RowMatrixF rows(n, d);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < d; ++j) rows(i, j) = normal(rng);
  return rows;
}

}  // namespace whyrec::testing
