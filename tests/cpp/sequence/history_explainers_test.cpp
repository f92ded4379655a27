#include "core/explain/sequence/history_explainers.h"

#include <gtest/gtest.h>

#include <vector>

#include "tests/cpp/game_shapley.h"
#include "tests/cpp/sequence/toy_history_model.h"

namespace whyrec {
namespace {

using testing::ToyScore;

const std::vector<int64_t> kItems = {5, 2, 7, 3, 1, 4};
constexpr int kLength = 8;
constexpr int kTarget = 6;

nlohmann::ordered_json Config(const std::string& absence) {
  return {{"history_length", kLength}, {"target", kTarget}, {"num_items", testing::kToyItems},
          {"absence", absence},        {"mask_id", 9},      {"seed", 3}};
}

// The edited history of coalition `mask`, written independently of History::Write: removal
// keeps present items in order, left-padded with 0; masking puts 9 where an item is absent.
double Value(unsigned mask, const std::vector<std::vector<int>>& players, bool masking) {
  std::vector<bool> present(kItems.size(), false);
  for (size_t g = 0; g < players.size(); ++g) {
    if ((mask >> g) & 1) {
      for (int i : players[g]) present[static_cast<size_t>(i)] = true;
    }
  }
  std::vector<int64_t> kept;
  for (size_t i = 0; i < kItems.size(); ++i) {
    if (present[i])
      kept.push_back(kItems[i]);
    else if (masking)
      kept.push_back(9);
  }
  std::vector<int64_t> ids(kLength - kept.size(), 0);
  ids.insert(ids.end(), kept.begin(), kept.end());
  return ToyScore(ids.data(), kLength, kTarget);
}

std::vector<std::vector<int>> Singletons() {
  std::vector<std::vector<int>> players;
  for (int i = 0; i < static_cast<int>(kItems.size()); ++i) players.push_back({i});
  return players;
}

Eigen::VectorXd BruteForce(const std::vector<std::vector<int>>& players, bool masking) {
  auto game = [&](unsigned mask) {
    return Eigen::VectorXd::Constant(1, Value(mask, players, masking));
  };
  return testing::GameShapley(game, static_cast<int>(players.size()), 1).row(0).transpose();
}

TEST(HistoryExplainers, ExactEqualsBruteForceForRemovalAndMasking) {
  for (const bool masking : {false, true}) {
    auto job = MakeHistoryExplainer("exact", Config(masking ? "masking" : "removal"), kItems);
    const Explanation e = testing::RunToy(*job);
    const Eigen::VectorXd expected = BruteForce(Singletons(), masking);
    for (int g = 0; g < 6; ++g) EXPECT_NEAR(e.values(0, g), expected[g], 1e-5) << g;
    const double full = Value(63, Singletons(), masking), empty = Value(0, Singletons(), masking);
    EXPECT_NEAR(e.model_output[0], full, 1e-5);
    EXPECT_NEAR(e.base_value[0], empty, 1e-5);
    EXPECT_NEAR(e.values.sum(), full - empty, 1e-5);  // efficiency
    EXPECT_EQ(e.evaluations, 64);
    EXPECT_EQ(e.extra["history"], nlohmann::ordered_json(kItems));
    EXPECT_EQ(e.extra["target"], kTarget);
  }
  // Removal and masking are different games: their values differ.
  const Eigen::VectorXd removal = BruteForce(Singletons(), false);
  const Eigen::VectorXd masking = BruteForce(Singletons(), true);
  EXPECT_GT((removal - masking).cwiseAbs().maxCoeff(), 1e-2);
}

TEST(HistoryExplainers, GroupsArePlayers) {
  auto config = Config("removal");
  config["groups"] = {"a", "b", "a", "c", "b", "c"};
  auto job = MakeHistoryExplainer("exact", config, kItems);
  const Explanation e = testing::RunToy(*job);
  const Eigen::VectorXd expected = BruteForce({{0, 2}, {1, 4}, {3, 5}}, false);
  ASSERT_EQ(e.values.cols(), 3);
  for (int g = 0; g < 3; ++g) EXPECT_NEAR(e.values(0, g), expected[g], 1e-5);
  EXPECT_EQ(e.player_names, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(HistoryExplainers, SampledMethodsAreEfficientAndKernelIsExactAtFullBudget) {
  const Eigen::VectorXd expected = BruteForce(Singletons(), false);
  auto config = Config("removal");
  config["budget"] = 62;
  const Explanation kernel = testing::RunToy(*MakeHistoryExplainer("kernel", config, kItems));
  for (int g = 0; g < 6; ++g) EXPECT_NEAR(kernel.values(0, g), expected[g], 1e-4);
  config["budget"] = 40;
  const Explanation perm = testing::RunToy(*MakeHistoryExplainer("permutation", config, kItems));
  EXPECT_NEAR(perm.values.sum(), perm.model_output[0] - perm.base_value[0], 1e-4);
  EXPECT_LT((perm.values.row(0).transpose() - expected).cwiseAbs().maxCoeff(), 0.5);
}

TEST(HistoryExplainers, OcclusionIsLeaveOneOut) {
  const Explanation e =
      testing::RunToy(*MakeHistoryExplainer("occlusion", Config("removal"), kItems));
  const double full = Value(63, Singletons(), false);
  for (int g = 0; g < 6; ++g) {
    EXPECT_NEAR(e.values(0, g), full - Value(63u & ~(1u << g), Singletons(), false), 1e-5);
  }
  EXPECT_NEAR(e.base_value[0], Value(0, Singletons(), false), 1e-5);
  EXPECT_EQ(e.evaluations, 8);
  EXPECT_THROW(MakeHistoryExplainer("lime", Config("removal"), kItems), std::invalid_argument);
}

TEST(HistoryExplainers, CurvesRemoveAndInsertInOrder) {
  const std::vector<int> order = {3, 1, 0, 5, 2, 4};
  auto job = MakeHistoryCurves(Config("removal"), kItems, order);
  const FidelityCurvesResult r = testing::RunToy(*job);
  unsigned kept = 63, inserted = 0;
  for (int k = 0; k <= 6; ++k) {
    EXPECT_NEAR(r.deletion[k], Value(kept, Singletons(), false), 1e-5) << k;
    EXPECT_NEAR(r.insertion[k], Value(inserted, Singletons(), false), 1e-5) << k;
    if (k < 6) {
      kept &= ~(1u << order[k]);
      inserted |= 1u << order[k];
    }
  }
}

}  // namespace
}  // namespace whyrec
