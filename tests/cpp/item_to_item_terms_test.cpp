// A distilled item-to-item model's explanation (its terms) and top picks: values, base and output
// against hand-computed numbers, the top picks against a brute-force ranking of every stored
// target (the history's items left out, equal scores by id), and clear errors.
#include "core/explain/sequence/item_to_item_terms.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/random.h"

namespace whyrec {
namespace {

// Targets 1..4; sparse pairs into 1 and 2, rank-1 factors for items 5 and 6 and targets 1..3.
ItemToItemModel SmallModel() {
  ItemToItemModel m;
  m.decay = 0.5;
  m.default_bias = -1;
  m.rank = 1;
  m.targets[1] = {0.25, {5, 7}, {2.0, -1.0}, {1.0}};
  m.targets[2] = {0.5, {6}, {3.0}, {-0.5}};
  m.targets[3] = {1.0, {}, {}, {2.0}};
  m.targets[4] = {0.0, {}, {}, {}};
  m.source_factors[5] = {0.5};
  m.source_factors[6] = {1.5};
  return m;
}

TEST(ItemToItemTerms, ValuesAreTheModelsTermsAndAddUpToItsScore) {
  const ItemToItemModel m = SmallModel();
  // History 5, 7, 6 (oldest first) for target 1: w(5->1) = 0.5*1 + 2 = 2.5 at decay^2,
  // w(7->1) = -1 at decay^1, w(6->1) = 1.5*1 at decay^0.
  const Explanation e = ItemToItemTerms(m, {5, 7, 6}, 1, {"Heat", "Ronin", "Heat"});
  ASSERT_EQ(e.values.cols(), 3);
  EXPECT_DOUBLE_EQ(e.values(0, 0), 2.5 * 0.25);
  EXPECT_DOUBLE_EQ(e.values(0, 1), -1 * 0.5);
  EXPECT_DOUBLE_EQ(e.values(0, 2), 1.5);
  EXPECT_DOUBLE_EQ(e.base_value[0], 0.25);
  EXPECT_DOUBLE_EQ(e.model_output[0], 0.25 + 0.625 - 0.5 + 1.5);
  EXPECT_EQ(e.std_errors.cwiseAbs().sum(), 0);
  EXPECT_EQ(e.method, "item_to_item");
  // Names used twice are told apart.
  EXPECT_NE(e.player_names[0], e.player_names[2]);
  EXPECT_EQ(e.player_names[1], "Ronin");
  EXPECT_EQ(e.extra["target"], 1);
  EXPECT_EQ(e.extra["history"], nlohmann::ordered_json({5, 7, 6}));
  // Without names: "item <id>"; a target the model does not store scores default_bias.
  const Explanation unknown = ItemToItemTerms(m, {5}, 99, {});
  EXPECT_EQ(unknown.player_names[0], "item 5");
  EXPECT_DOUBLE_EQ(unknown.values(0, 0), 0);
  EXPECT_DOUBLE_EQ(unknown.base_value[0], -1);
}

TEST(ItemToItemTerms, TopTargetsAreTheBruteForceRanking) {
  const ItemToItemModel m = SmallModel();
  for (const std::vector<int64_t>& history :
       std::vector<std::vector<int64_t>>{{5, 7, 6}, {6}, {1, 5}, {}, {8, 8}}) {
    std::vector<std::pair<double, int64_t>> all;
    for (const auto& entry : m.targets) {
      if (std::find(history.begin(), history.end(), entry.first) != history.end()) continue;
      all.emplace_back(-m.Score(history, entry.first), entry.first);
    }
    std::sort(all.begin(), all.end());
    for (int k = 1; k <= 5; ++k) {
      const ItemToItemTop top = ItemToItemTopTargets(m, history, k);
      ASSERT_EQ(top.items.size(), std::min<size_t>(k, all.size()));
      for (size_t i = 0; i < top.items.size(); ++i) {
        EXPECT_EQ(top.items[i], all[i].second);
        EXPECT_DOUBLE_EQ(top.scores[i], -all[i].first);
      }
    }
    EXPECT_EQ(ItemToItemTopTarget(m, history), all[0].second);
  }
}

// Random models with both parts, and targets that tie exactly (copies of one another): the top
// picks, found through the model's linear algebra, are still the ranking of Score's own sums.
TEST(ItemToItemTerms, TopTargetsOfRandomModelsAreTheBruteForceRanking) {
  Random random(11);
  for (int trial = 0; trial < 20; ++trial) {
    ItemToItemModel m;
    m.decay = random.Uniform();
    m.rank = 3;
    for (int64_t i = 1; i <= 60; ++i) {
      m.source_factors[i] = {random.Normal(), random.Normal(), random.Normal()};
    }
    for (int64_t t = 1; t <= 200; ++t) {
      ItemToItemModel::Target target{random.Normal(), {}, {}, {}};
      if (t % 3 != 0) target.factors = {random.Normal(), random.Normal(), random.Normal()};
      for (int64_t i = 1 + t % 7; i <= 60; i += 7) {
        target.sources.push_back(i);
        target.weights.push_back(random.Normal());
      }
      m.targets[t] = target;
    }
    for (int64_t t = 201; t <= 210; ++t) m.targets[t] = m.targets[t - 200];
    std::vector<int64_t> history(1 + random.Below(30));
    for (auto& item : history) item = 1 + static_cast<int64_t>(random.Below(80));
    std::vector<std::pair<double, int64_t>> all;
    for (const auto& entry : m.targets) {
      if (std::find(history.begin(), history.end(), entry.first) != history.end()) continue;
      all.emplace_back(-m.Score(history, entry.first), entry.first);
    }
    std::sort(all.begin(), all.end());
    for (int k : {1, 5, 50}) {
      const ItemToItemTop top = ItemToItemTopTargets(m, history, k);
      ASSERT_EQ(top.items.size(), static_cast<size_t>(k));
      for (int i = 0; i < k; ++i) {
        EXPECT_EQ(top.items[i], all[i].second) << "trial " << trial << ", k " << k;
        EXPECT_EQ(top.scores[i], -all[i].first);
      }
    }
  }
}

TEST(ItemToItemTerms, EqualScoresRankBySmallerId) {
  ItemToItemModel m;
  m.targets[9] = {1.0, {}, {}, {}};
  m.targets[3] = {1.0, {}, {}, {}};
  m.targets[4] = {0.5, {}, {}, {}};
  EXPECT_EQ(ItemToItemTopTargets(m, {}, 3).items, (std::vector<int64_t>{3, 9, 4}));
}

TEST(ItemToItemTerms, ErrorsNameTheProblem) {
  const ItemToItemModel m = SmallModel();
  EXPECT_THROW(
      {
        try {
          ItemToItemTerms(m, {5, 6}, 1, {"only one"});
        } catch (const std::invalid_argument& e) {
          EXPECT_STREQ(e.what(), "item_names has 1 names for a history of 2 items");
          throw;
        }
      },
      std::invalid_argument);
  EXPECT_THROW(ItemToItemTopTargets(m, {5}, 0), std::invalid_argument);
  try {
    ItemToItemTopTarget(m, {1, 2, 3, 4});
    FAIL() << "no target outside the history";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "the model stores no target outside the history");
  }
}

}  // namespace
}  // namespace whyrec
