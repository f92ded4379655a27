#include "core/explain/shapley/coalition_linear_surrogate.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/explain/drive.h"
#include "core/explain/explainer_factory.h"
#include "tests/cpp/shapley_reference.h"
#include "tests/cpp/test_rows.h"

namespace whyrec {
namespace {

constexpr int kPlayers = 7;

std::vector<std::vector<uint8_t>> EveryCoalition() {
  std::vector<std::vector<uint8_t>> all;
  for (int mask = 0; mask < (1 << kPlayers); ++mask) {
    std::vector<uint8_t> z(kPlayers);
    for (int p = 0; p < kPlayers; ++p) z[p] = (mask >> p) & 1;
    all.push_back(z);
  }
  return all;
}

// Brute force over player orders on a game of coalition indicators: one background row of
// zeros and an instance of ones turn the inputs into indicators.
Eigen::VectorXd BruteForceShapley(const std::function<double(const uint8_t*)>& game) {
  const testing::ScalarModel model = [&](const Eigen::VectorXd& v) {
    std::vector<uint8_t> z(kPlayers);
    for (int p = 0; p < kPlayers; ++p) z[p] = v[p] > 0.5;
    return game(z.data());
  };
  return testing::PermutationShapley(model, Eigen::VectorXd::Ones(kPlayers),
                                     Eigen::MatrixXd::Zero(1, kPlayers), Eigen::VectorXd::Ones(1),
                                     testing::SinglePlayers(kPlayers));
}

// A history-like game: presence, recency decay and a size effect, plus a pairwise interaction
// none of the families can follow.
double HistoryGame(const uint8_t* z) {
  const double a[kPlayers] = {0.2, -0.4, 0.1, 0.5, 0.0, 0.3, 0.9};
  const double d[kPlayers] = {1.0, 0.5, -0.7, 0.2, 1.5, -0.3, 0.8};
  const double r = std::exp(-1.0 / CoalitionLinearSurrogate::kRecencyScale);
  double value = 0, weight = 1;
  int size = 0;
  for (int p = kPlayers - 1; p >= 0; --p) {
    if (!z[p]) continue;
    value += a[p] + d[p] * weight;
    weight *= r;
    ++size;
  }
  if (size > 0) value += -2.0 / size;
  return value + 0.25 * z[1] * z[4];
}

struct Fitted {
  CoalitionLinearSurrogate surrogate;
  double total;
};

Fitted FitOnEveryCoalition(CoalitionLinearSurrogate::Terms terms) {
  const auto all = EveryCoalition();
  std::vector<const uint8_t*> rows;
  Eigen::VectorXd targets(all.size()), weights(all.size());
  const double empty = HistoryGame(all.front().data());
  for (size_t i = 0; i < all.size(); ++i) {
    rows.push_back(all[i].data());
    targets[i] = HistoryGame(all[i].data()) - empty;
    weights[i] = 1.0 + 0.5 * (i % 3);
  }
  const double total = targets[targets.size() - 1];
  return {CoalitionLinearSurrogate::Fit(kPlayers, rows, targets, weights, total, terms), total};
}

TEST(CoalitionLinearSurrogate, ShapleyValuesAreExactForTheFittedSurrogate) {
  for (const bool size_curve : {false, true}) {
    for (const bool recency : {false, true}) {
      const Fitted fit = FitOnEveryCoalition({size_curve, recency});
      const Eigen::VectorXd expected =
          BruteForceShapley([&](const uint8_t* z) { return fit.surrogate.Predict(z); });
      const Eigen::VectorXd phi = fit.surrogate.ShapleyValues();
      for (int p = 0; p < kPlayers; ++p) {
        EXPECT_NEAR(phi[p], expected[p], 1e-10)
            << p << " size " << size_curve << " recency " << recency;
      }
    }
  }
}

TEST(CoalitionLinearSurrogate, IsZeroAtTheEmptyCoalitionAndHeldToTheTotalAtTheFullOne) {
  const Fitted fit = FitOnEveryCoalition({true, true});
  const std::vector<uint8_t> none(kPlayers, 0), all(kPlayers, 1);
  EXPECT_EQ(fit.surrogate.Predict(none.data()), 0.0);
  EXPECT_NEAR(fit.surrogate.Predict(all.data()), fit.total, 1e-6);
}

TEST(CoalitionLinearSurrogate, EachFamilyLowersTheMisfitOfAHistoryLikeGame) {
  // Without the interaction the game is in the span of all three families: exact; with it,
  // each family added fits better than without it.
  const auto all = EveryCoalition();
  auto misfit = [&](CoalitionLinearSurrogate::Terms terms) {
    const Fitted fit = FitOnEveryCoalition(terms);
    const double empty = HistoryGame(all.front().data());
    double sum = 0;
    for (const auto& z : all) {
      const double e = fit.surrogate.Predict(z.data()) - (HistoryGame(z.data()) - empty);
      sum += e * e;
    }
    return sum;
  };
  const double presence = misfit({false, false});
  const double with_size = misfit({true, false});
  const double with_both = misfit({true, true});
  EXPECT_LT(with_size, 0.8 * presence);
  EXPECT_LT(with_both, 0.5 * with_size);
}

TEST(CoalitionLinearSurrogate, AdditiveIsItsValues) {
  Eigen::VectorXd values(3);
  values << 1.0, -2.0, 0.5;
  const auto surrogate = CoalitionLinearSurrogate::Additive(values);
  const uint8_t some[3] = {1, 0, 1};
  EXPECT_DOUBLE_EQ(surrogate.Predict(some), 1.5);
  EXPECT_TRUE(surrogate.ShapleyValues().isApprox(values));
}

// A history-like game of 16 items (player p present when column p is 1; background all 0): each
// item's effect decays with the items after it, the score drops as the history gets short, and
// a few pairs interact. Kernel SHAP with the recency surrogate must be closer to the exact
// values than with the size-and-trees surrogate at the same budget.
TEST(KernelShapRecencySurrogate, ReducesErrorOnAHistoryLikeGame) {
  const int items = 16;
  const Eigen::MatrixXf weights = testing::RandomRows(2, items, 7);
  const Evaluate model = [&](ConstMatrixView rows) {
    RowMatrixF out(rows.rows(), 1);
    for (Eigen::Index i = 0; i < rows.rows(); ++i) {
      double value = 0, decay = 1;
      int size = 0;
      for (int p = items - 1; p >= 0; --p) {
        if (rows(i, p) < 0.5f) continue;
        value += weights(0, p) + 2.0 * weights(1, p) * decay;
        decay *= 0.85;
        ++size;
      }
      value += size == 0 ? -3.0 : -3.0 / size;
      value += 0.3 * rows(i, 2) * rows(i, 9) - 0.2 * rows(i, 5) * rows(i, 14);
      out(i, 0) = static_cast<float>(value);
    }
    return out;
  };
  const Schema schema = Schema::FromNames(testing::FeatureNames(items));
  const Background bg = Background::Uniform(RowMatrixF::Zero(1, items));
  const Eigen::VectorXf x = Eigen::VectorXf::Ones(items);
  auto exact_job = MakeExplainer("exact", {}, schema, x, bg);
  const Explanation exact = Drive(*exact_job, model);
  double recency = 0, size_trees = 0;
  for (unsigned seed = 0; seed < 6; ++seed) {
    for (const char* surrogate : {"recency", "size_trees"}) {
      auto job = MakeExplainer(
          "kernel",
          {{"budget", 300}, {"seed", seed}, {"surrogate", surrogate}, {"sampling", "kernel"}},
          schema, x, bg);
      const Explanation e = Drive(*job, model);
      EXPECT_EQ(e.settings["surrogate"], surrogate);
      EXPECT_NEAR(e.values.sum(), e.model_output[0] - e.base_value[0], 1e-6);
      (std::string(surrogate) == "recency" ? recency : size_trees) +=
          (e.values - exact.values).cwiseAbs().mean();
    }
  }
  EXPECT_LT(recency, 0.7 * size_trees);
}

}  // namespace
}  // namespace whyrec
