#include "core/explain/sequence/attention_maps.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace whyrec {
namespace {

// A stack whose weights are seeded pseudo-random softmax rows, with the first `pads` positions
// padding (attended by no one).
AttentionStack RandomStack(int layers, int heads, int length, int pads) {
  AttentionStack a{layers, heads, length, {}};
  uint32_t state = 12345;
  for (int l = 0; l < layers; ++l) {
    for (int h = 0; h < heads; ++h) {
      for (int q = 0; q < length; ++q) {
        std::vector<float> row(length, 0.0f);
        float sum = 0;
        for (int k = pads; k <= std::max(q, pads); ++k) {
          state = state * 1664525u + 1013904223u;
          row[k] = 0.1f + static_cast<float>(state >> 8) / (1 << 24);
          sum += row[k];
        }
        for (float& w : row) a.weights.push_back(w / sum);
      }
    }
  }
  return a;
}

TEST(AttentionMaps, RolloutIsTheProductOfResidualMixedLayers) {
  const AttentionStack a = RandomStack(2, 2, 5, 2);
  const History history({7, 8, 9}, {5, 0, PadSide::kLeft, 0, Absence::kRemoval}, 0);
  const HistoryAttention out = AttentionOverHistory(a, history);
  const std::vector<int> positions = {2, 3, 4};
  Eigen::MatrixXd expected = Eigen::MatrixXd::Identity(3, 3);
  for (int l = 0; l < 2; ++l) {
    Eigen::MatrixXd m(3, 3);
    for (int q = 0; q < 3; ++q) {
      for (int k = 0; k < 3; ++k) {
        m(q, k) = 0.25 * (a.at(l, 0, positions[q], positions[k]) +
                          a.at(l, 1, positions[q], positions[k])) +
                  (q == k ? 0.5 : 0.0);
      }
      m.row(q) /= m.row(q).sum();
    }
    expected = m * expected;
  }
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(out.rollout[i], expected(2, i), 1e-6);
  EXPECT_NEAR(out.rollout.sum(), 1.0, 1e-9);
  EXPECT_NEAR(out.last_layer[0], (a.at(1, 0, 4, 2) + a.at(1, 1, 4, 2)) / 2, 1e-7);
  ASSERT_EQ(out.raw.size(), 2u);
  EXPECT_EQ(out.raw[1][1](2, 0), a.at(1, 1, 4, 2));
}

TEST(AttentionMaps, FlowThroughTwoLayersIsTheSumOfBottlenecks) {
  // Paths s -> j -> t are disjoint for different j, so the max flow is the sum over j of
  // min(A1(j, s), A2(t, j)).
  const AttentionStack a = RandomStack(2, 1, 4, 0);
  const History history({1, 2, 3, 4}, {4, 0, PadSide::kLeft, 0, Absence::kRemoval}, 0);
  const HistoryAttention out = AttentionOverHistory(a, history);
  const std::vector<int> positions = {0, 1, 2, 3};
  const Eigen::MatrixXd a1 = ResidualAttention(a, 0, positions);
  const Eigen::MatrixXd a2 = ResidualAttention(a, 1, positions);
  for (int s = 0; s < 4; ++s) {
    double expected = 0;
    for (int j = 0; j < 4; ++j) expected += std::min(a1(j, s), a2(3, j));
    EXPECT_NEAR(out.flow[s], expected, 1e-9) << s;
  }
}

TEST(AttentionMaps, BadStacksAreRefused) {
  AttentionStack a = RandomStack(1, 1, 3, 0);
  const History history({1}, {4, 0, PadSide::kLeft, 0, Absence::kRemoval}, 0);
  EXPECT_THROW(AttentionOverHistory(a, history), std::invalid_argument);  // length 3 vs 4
  a.weights.pop_back();
  EXPECT_THROW(a.Check(), std::invalid_argument);
}

}  // namespace
}  // namespace whyrec
