#include "core/explain/shapley/coalition_size_curve.h"

#include <gtest/gtest.h>

#include <cmath>

namespace whyrec {
namespace {

constexpr int kPlayers = 8;

std::vector<std::vector<uint8_t>> EveryCoalition() {
  std::vector<std::vector<uint8_t>> all;
  for (int mask = 0; mask < (1 << kPlayers); ++mask) {
    std::vector<uint8_t> z(kPlayers);
    for (int p = 0; p < kPlayers; ++p) z[p] = (mask >> p) & 1;
    all.push_back(z);
  }
  return all;
}

int Size(const std::vector<uint8_t>& z) {
  int size = 0;
  for (uint8_t present : z) size += present;
  return size;
}

// A curve on the fitted basis that is zero at the full coalition: 2/s - (2/n) (s/n)^3.
double Planted(int size) {
  const double t = static_cast<double>(size) / kPlayers;
  return 2.0 / size - 2.0 / kPlayers * t * t * t;
}

TEST(CoalitionSizeCurve, RecoversACurveOfItsFormAndIgnoresWhoIsPresent) {
  const auto all = EveryCoalition();
  std::vector<const uint8_t*> rows;
  Eigen::VectorXd targets(all.size()), weights(all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    rows.push_back(all[i].data());
    const int size = Size(all[i]);
    // Who is present adds a zero-mean term at every size (player 0 against player 1), which
    // the curve must average out, not follow.
    const double who = 0.5 * (all[i][0] - all[i][1]);
    targets[i] = (size == 0 ? 0.0 : Planted(size)) + (size == 0 || size == kPlayers ? 0.0 : who);
    weights[i] = 1.0;
  }
  const CoalitionSizeCurve curve = CoalitionSizeCurve::Fit(kPlayers, rows, targets, weights);
  for (size_t i = 0; i < all.size(); ++i) {
    const int size = Size(all[i]);
    const double expected = size == 0 || size == kPlayers ? 0.0 : Planted(size);
    EXPECT_NEAR(curve.Predict(all[i].data()), expected, 1e-6) << "size " << size;
  }
}

TEST(CoalitionSizeCurve, IsZeroAtBothEndsSoItHasNoShapleyValue) {
  // A curve the basis cannot follow exactly, far from zero at the full coalition: the fit still
  // gives h(0) = h(n) = 0, which makes the game S -> h(|S|) symmetric with zero Shapley values
  // (each player's share of h(n) - h(0)).
  const auto all = EveryCoalition();
  std::vector<const uint8_t*> rows;
  Eigen::VectorXd targets(all.size()), weights = Eigen::VectorXd::Ones(all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    rows.push_back(all[i].data());
    targets[i] = 3.0 + std::sin(Size(all[i]));
  }
  const CoalitionSizeCurve curve = CoalitionSizeCurve::Fit(kPlayers, rows, targets, weights);
  EXPECT_EQ(curve.Predict(all.front().data()), 0.0);
  EXPECT_EQ(curve.Predict(all.back().data()), 0.0);
  EXPECT_GT(std::abs(curve.Predict(all[1].data())), 0.1);
}

TEST(CoalitionSizeCurve, ZeroIsZeroEverywhere) {
  const auto all = EveryCoalition();
  const CoalitionSizeCurve curve = CoalitionSizeCurve::Zero(kPlayers);
  for (const auto& z : all) EXPECT_EQ(curve.Predict(z.data()), 0.0);
}

}  // namespace
}  // namespace whyrec
