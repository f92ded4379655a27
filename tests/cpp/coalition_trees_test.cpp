#include "core/explain/shapley/coalition_trees.h"

#include <gtest/gtest.h>

#include <random>

#include "core/explain/drive.h"
#include "core/explain/explainer_factory.h"
#include "tests/cpp/shapley_reference.h"
#include "tests/cpp/test_rows.h"

namespace whyrec {
namespace {

// A game with a third-order interaction, given by its value on coalition indicators.
double Game(const uint8_t* z) {
  return 1.0 * z[0] - 0.5 * z[1] + 2.0 * z[0] * z[2] * z[4] - 1.5 * z[3] * (1 - z[1]) + 0.3 * z[5];
}

TEST(CoalitionTrees, ShapleyValuesAreExactForTheFittedGame) {
  const int players = 6;
  std::vector<std::vector<uint8_t>> all;
  for (int mask = 0; mask < (1 << players); ++mask) {
    std::vector<uint8_t> z(players);
    for (int p = 0; p < players; ++p) z[p] = (mask >> p) & 1;
    all.push_back(z);
  }
  std::vector<const uint8_t*> rows;
  Eigen::VectorXd targets(all.size()), weights = Eigen::VectorXd::Ones(all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    rows.push_back(all[i].data());
    targets[i] = Game(all[i].data());
  }
  const CoalitionTrees trees = CoalitionTrees::Fit(players, rows, targets, weights, {});
  // Brute force over player orders on the surrogate itself: one background row of zeros and an
  // instance of ones turn its inputs into coalition indicators.
  const testing::ScalarModel surrogate = [&](const Eigen::VectorXd& v) {
    std::vector<uint8_t> z(players);
    for (int p = 0; p < players; ++p) z[p] = v[p] > 0.5;
    return trees.Predict(z.data());
  };
  const Eigen::VectorXd expected = testing::PermutationShapley(
      surrogate, Eigen::VectorXd::Ones(players), Eigen::MatrixXd::Zero(1, players),
      Eigen::VectorXd::Ones(1), testing::SinglePlayers(players));
  const Eigen::VectorXd phi = trees.ShapleyValues();
  for (int p = 0; p < players; ++p) EXPECT_NEAR(phi[p], expected[p], 1e-12) << p;
  // The surrogate learned the game: its fit on every coalition is close.
  double worst = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    worst = std::max(worst, std::abs(trees.Predict(all[i].data()) - targets[i]));
  }
  EXPECT_LT(worst, 0.05);
}

TEST(KernelShapTreeSurrogate, ReducesErrorOnGamesWithHigherOrderInteractions) {
  const int d = 12;
  const Evaluate model = [](ConstMatrixView rows) {
    RowMatrixF out(rows.rows(), 1);
    for (Eigen::Index i = 0; i < rows.rows(); ++i) {
      const auto r = rows.row(i);
      out(i, 0) = static_cast<float>(std::tanh(r[0] * r[1] * r[2]) + r[3] * r[4] * r[5] +
                                     std::sin(r[6] + r[7] * r[8]) + 0.5 * r[9] - r[10] * r[11]);
    }
    return out;
  };
  double with = 0, without = 0;
  for (unsigned row = 0; row < 3; ++row) {
    const Schema schema = Schema::FromNames(testing::FeatureNames(d));
    const Background bg = Background::Uniform(testing::RandomRows(20, d, 70 + row));
    const Eigen::VectorXf x = testing::RandomRows(1, d, 90 + row).row(0).transpose();
    auto exact_job = MakeExplainer("exact", {}, schema, x, bg);
    const Explanation exact = Drive(*exact_job, model);
    for (unsigned seed = 0; seed < 4; ++seed) {
      for (const char* surrogate : {"trees", "none"}) {
        auto job = MakeExplainer(
            "kernel", {{"budget", 1024}, {"seed", seed}, {"surrogate", surrogate}}, schema, x, bg);
        const Explanation e = Drive(*job, model);
        EXPECT_EQ(e.settings["surrogate"], surrogate);
        EXPECT_NEAR(e.values.sum(), e.model_output[0] - e.base_value[0], 1e-9);
        (std::string(surrogate) == "trees" ? with : without) +=
            (e.values - exact.values).cwiseAbs().mean();
      }
    }
  }
  EXPECT_LT(with, 0.8 * without);
}

}  // namespace
}  // namespace whyrec
