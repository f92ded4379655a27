#pragma once

#include <Eigen/Core>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "core/models/tree_ensemble.h"

// Random tree ensembles and rows for TreeSHAP tests.
namespace whyrec::testing {

// A random tree that reuses features along paths, with consistent covers (a split's cover is
// the sum of its children's) and random default directions.
inline void Grow(std::vector<TreeNode>& nodes, int i, int depth, int width, std::mt19937& rng) {
  std::uniform_real_distribution<double> unit(0, 1);
  if (depth == 0 || (depth < 3 && unit(rng) < 0.3)) {
    nodes[i].value = unit(rng) * 4 - 2;
    nodes[i].cover = 0.5 + unit(rng) * 10;
    return;
  }
  nodes[i].feature = std::uniform_int_distribution<int>(0, width - 1)(rng);
  nodes[i].threshold = static_cast<float>(std::round(unit(rng) * 8) / 4 - 1);
  nodes[i].default_left = unit(rng) < 0.5;
  const int left = static_cast<int>(nodes.size());
  nodes.resize(nodes.size() + 2);
  nodes[i].left = left;
  nodes[i].right = left + 1;
  Grow(nodes, left, depth - 1, width, rng);
  Grow(nodes, left + 1, depth - 1, width, rng);
  nodes[i].cover = nodes[left].cover + nodes[left + 1].cover;
}

inline TreeEnsemble RandomEnsemble(int width, int trees, int depth, int outputs, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<Tree> forest(trees);
  for (int t = 0; t < trees; ++t) {
    forest[t].nodes.resize(1);
    Grow(forest[t].nodes, 0, depth, width, rng);
    forest[t].output = t % outputs;
  }
  std::vector<std::string> names;
  for (int j = 0; j < width; ++j) names.push_back("x" + std::to_string(j));
  return TreeEnsemble(names, forest, Eigen::VectorXd::LinSpaced(outputs, 0.25, 0.75),
                      OutputTransform::kIdentity, "test");
}

// Values on the thresholds' grid, so that ties (x == threshold) and missing values occur.
inline Eigen::VectorXf RandomRow(int width, std::mt19937& rng, bool with_missing) {
  Eigen::VectorXf x(width);
  for (int j = 0; j < width; ++j) {
    x[j] = static_cast<float>(std::uniform_int_distribution<int>(0, 8)(rng)) / 4 - 1;
    if (with_missing && std::uniform_int_distribution<int>(0, 5)(rng) == 0) x[j] = NAN;
  }
  return x;
}

}  // namespace whyrec::testing
