#include <gtest/gtest.h>

#include <vector>

#include "core/distill/pair_tree_step.h"
#include "core/random.h"

namespace whyrec {
namespace {

// A residual table over 6 x 6 cells, one row a cell, row-major.
struct Table {
  std::vector<double> sum = std::vector<double>(36), count = std::vector<double>(36, 1.0);
};

// A staircase: the first feature cut at 3, its low side cut on the second feature at 2 and its
// high side at 4 (transposed: the second feature cut first). A single cross (one cut per
// feature) cannot fit it; a cut of one feature with each side cut on its own fits it exactly.
Table Staircase(bool transposed) {
  Table t;
  for (int a = 0; a < 6; ++a) {
    for (int b = 0; b < 6; ++b) {
      const int first = transposed ? b : a, second = transposed ? a : b;
      t.sum[a * 6 + b] = first < 3 ? (second < 2 ? 1.0 : -2.0) : (second < 4 ? 3.0 : 0.5);
    }
  }
  return t;
}

TEST(DistillPairStep, EachSideOfTheFirstCutCutsOnItsOwn) {
  for (bool transposed : {false, true}) {
    const Table t = Staircase(transposed);
    std::vector<double> step(36);
    PairTreeStep(t.sum, t.count, 6, 6, 0.5, 1, nullptr, &step);
    for (int c = 0; c < 36; ++c) {
      EXPECT_DOUBLE_EQ(step[c], 0.5 * t.sum[c])
          << "cell " << c << (transposed ? " transposed" : "");
    }
  }
}

// Leaves keep at least min_leaf rows: with 9 rows needed a leaf, the 2 x 6 corner of the
// staircase cannot be a leaf of its own, and each leaf's step is its rows' mean.
TEST(DistillPairStep, LeavesKeepMinLeafRows) {
  Table t;
  for (int a = 0; a < 6; ++a) {
    for (int b = 0; b < 6; ++b) t.sum[a * 6 + b] = a < 3 ? (b < 1 ? 1.0 : -2.0) : 0.0;
  }
  std::vector<double> step(36);
  PairTreeStep(t.sum, t.count, 6, 6, 1.0, 9, nullptr, &step);
  std::vector<std::vector<double>> leaves;
  for (int c = 0; c < 36; ++c) {
    bool known = false;
    for (auto& leaf : leaves) known |= leaf[0] == step[c];
    if (!known) leaves.push_back({step[c]});
  }
  for (auto& leaf : leaves) {
    double sum = 0.0, rows = 0.0;
    for (int c = 0; c < 36; ++c) {
      if (step[c] == leaf[0]) {
        sum += t.sum[c];
        rows += 1.0;
      }
    }
    EXPECT_GE(rows, 9.0);
    EXPECT_NEAR(leaf[0], sum / rows, 1e-12);
  }
}

// Smoothing draws cuts at random: the same seed draws the same step, and every leaf still moves
// by its mean.
TEST(DistillPairStep, RandomCutsAreSeeded) {
  Table t;
  for (int c = 0; c < 36; ++c) t.sum[c] = (c * 7919) % 13 - 6.0;
  std::vector<double> first(36), second(36), other(36);
  Random a(3), b(3), c(4);
  PairTreeStep(t.sum, t.count, 6, 6, 1.0, 2, &a, &first);
  PairTreeStep(t.sum, t.count, 6, 6, 1.0, 2, &b, &second);
  EXPECT_EQ(first, second);
  bool differs = false;
  for (int draw = 0; draw < 5 && !differs; ++draw) {
    PairTreeStep(t.sum, t.count, 6, 6, 1.0, 2, &c, &other);
    differs = other != first;
  }
  EXPECT_TRUE(differs);
}

}  // namespace
}  // namespace whyrec
