#pragma once

#include <Eigen/Core>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "core/models/tree_ensemble.h"

// Random tree ensembles and rows for TreeSHAP tests.
namespace whyrec::testing {

// Which splits a random tree has: numerical ones on the grid of RandomRow, or (kMixed, for rows
// of RandomCodeRow) a mix of numerical splits, numerical splits where zero is missing
// (LightGBM's missing type Zero) and categorical splits on codes 0..63.
enum class SplitKinds { kNumerical, kMixed };

// A random tree that reuses features along paths, with consistent covers (a split's cover is
// the sum of its children's) and random default directions.
inline void Grow(Tree& tree, int i, int depth, int width, std::mt19937& rng, SplitKinds kinds) {
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<TreeNode>& nodes = tree.nodes;
  if (depth == 0 || (depth < 3 && unit(rng) < 0.3)) {
    nodes[i].value = unit(rng) * 4 - 2;
    nodes[i].cover = 0.5 + unit(rng) * 10;
    return;
  }
  nodes[i].feature = std::uniform_int_distribution<int>(0, width - 1)(rng);
  nodes[i].default_left = unit(rng) < 0.5;
  if (kinds == SplitKinds::kNumerical) {
    nodes[i].threshold = static_cast<float>(std::round(unit(rng) * 8) / 4 - 1);
  } else {
    const double kind = unit(rng);
    nodes[i].threshold = static_cast<float>(std::round(unit(rng) * 10) - 0.5);
    nodes[i].zero_is_missing = kind < 0.3;
    if (kind > 0.6) {
      nodes[i].categories_begin = static_cast<int>(tree.category_words.size());
      nodes[i].categories_size = static_cast<uint16_t>(unit(rng) < 0.5 ? 1 : 2);
      for (int w = 0; w < nodes[i].categories_size; ++w) {
        tree.category_words.push_back(static_cast<uint32_t>(rng()));
      }
    }
  }
  const int left = static_cast<int>(nodes.size());
  nodes.resize(nodes.size() + 2);
  nodes[i].left = left;
  nodes[i].right = left + 1;
  Grow(tree, left, depth - 1, width, rng, kinds);
  Grow(tree, left + 1, depth - 1, width, rng, kinds);
  nodes[i].cover = nodes[left].cover + nodes[left + 1].cover;
}

inline TreeEnsemble RandomEnsemble(int width, int trees, int depth, int outputs, unsigned seed,
                                   SplitKinds kinds = SplitKinds::kNumerical) {
  std::mt19937 rng(seed);
  std::vector<Tree> forest(trees);
  for (int t = 0; t < trees; ++t) {
    forest[t].nodes.resize(1);
    Grow(forest[t], 0, depth, width, rng, kinds);
    forest[t].output = t % outputs;
  }
  std::vector<std::string> names;
  for (int j = 0; j < width; ++j) names.push_back("x" + std::to_string(j));
  return TreeEnsemble(names, forest, Eigen::VectorXd::LinSpaced(outputs, 0.25, 0.75),
                      OutputTransform::kIdentity, "test");
}

// Deep, sparse trees like boosted trees of depth 12-14: every split continues on the left and,
// with probability 0.35, on the right, so a tree of depth 14 has a few hundred nodes.
inline void GrowSparse(Tree& tree, int i, int depth, int width, std::mt19937& rng) {
  std::uniform_real_distribution<double> unit(0, 1);
  if (depth == 0) {
    tree.nodes[i].value = unit(rng) * 4 - 2;
    tree.nodes[i].cover = 0.5 + unit(rng) * 10;
    return;
  }
  tree.nodes[i].feature = std::uniform_int_distribution<int>(0, width - 1)(rng);
  tree.nodes[i].default_left = unit(rng) < 0.5;
  tree.nodes[i].threshold = static_cast<float>(std::round(unit(rng) * 8) / 4 - 1);
  const int left = static_cast<int>(tree.nodes.size());
  tree.nodes.resize(tree.nodes.size() + 2);
  tree.nodes[i].left = left;
  tree.nodes[i].right = left + 1;
  GrowSparse(tree, left, depth - 1, width, rng);
  GrowSparse(tree, left + 1, unit(rng) < 0.35 ? depth - 1 : 0, width, rng);
  tree.nodes[i].cover = tree.nodes[left].cover + tree.nodes[left + 1].cover;
}

inline TreeEnsemble RandomDeepEnsemble(int width, int trees, int depth, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<Tree> forest(trees);
  for (Tree& tree : forest) {
    tree.nodes.resize(1);
    GrowSparse(tree, 0, depth, width, rng);
  }
  std::vector<std::string> names;
  for (int j = 0; j < width; ++j) names.push_back("x" + std::to_string(j));
  return TreeEnsemble(names, forest, Eigen::VectorXd::Constant(1, 0.5), OutputTransform::kIdentity,
                      "test");
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

// Category codes for trees of SplitKinds::kMixed: 0..63 (so that categories past a one-word set
// occur), -1, -0.5 (category 0 by truncation), tiny values that count as zero, and missing values.
inline Eigen::VectorXf RandomCodeRow(int width, std::mt19937& rng) {
  const float special[] = {-1.0f, -0.5f, 1e-36f, -1e-36f, NAN};
  Eigen::VectorXf x(width);
  for (int j = 0; j < width; ++j) {
    const int pick = std::uniform_int_distribution<int>(0, 69)(rng);
    x[j] = pick < 64 ? static_cast<float>(pick % 12 == 0 ? pick : pick % 12) : special[pick % 5];
  }
  return x;
}

}  // namespace whyrec::testing
