// The counterfactual of a distilled item-to-item model: the fewest history items whose removal
// takes the target out of the top k, against brute force over every removal on random models
// with large, sparse item ids (held items that the model also recommends included), and clear
// errors.
#include "core/explain/counterfactual/item_to_item_counterfactual.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/explain/sequence/item_to_item_terms.h"

namespace whyrec {
namespace {

using Json = nlohmann::ordered_json;

// Targets and sources among 16 ids of 7 digits; every target stores pairs from some of them.
ItemToItemModel RandomModel(unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> normal;
  ItemToItemModel m;
  m.decay = 0.8;
  m.rank = 2;
  std::vector<int64_t> ids;
  for (int i = 0; i < 16; ++i) ids.push_back(1000003 + 7919 * i);
  for (int i = 0; i < 12; ++i) {
    ItemToItemModel::Target t;
    t.bias = 0.3 * normal(rng);
    for (int64_t source : ids) {
      if (rng() % 3 == 0) {
        t.sources.push_back(source);
        t.weights.push_back(normal(rng));
      }
    }
    t.factors = {normal(rng), normal(rng)};
    m.targets[ids[static_cast<size_t>(i)]] = t;
  }
  for (size_t i = 4; i < ids.size(); ++i) m.source_factors[ids[i]] = {normal(rng), normal(rng)};
  return m;
}

// The top item outside `history` by the model's exact scores, equal scores by id.
int64_t TopOf(const ItemToItemModel& m, const std::vector<int64_t>& history) {
  return ItemToItemTopTarget(m, history);
}

std::vector<int64_t> Without(const std::vector<int64_t>& history, unsigned removed) {
  std::vector<int64_t> kept;
  for (size_t p = 0; p < history.size(); ++p) {
    if (((removed >> p) & 1) == 0) kept.push_back(history[p]);
  }
  return kept;
}

TEST(ItemToItemCounterfactual, FindsTheSmallestRemovalThatBruteForceFinds) {
  int found = 0, none = 0;
  for (unsigned seed = 1; seed <= 30; ++seed) {
    const ItemToItemModel m = RandomModel(seed);
    std::mt19937 rng(seed + 100);
    std::vector<int64_t> history;
    for (int p = 0; p < 7; ++p) history.push_back(1000003 + 7919 * static_cast<int>(rng() % 16));
    const int64_t target = TopOf(m, history);
    // Brute force: the smallest number of positions whose removal changes the top pick.
    int smallest = -1;
    for (int size = 1; size <= 7 && smallest < 0; ++size) {
      for (unsigned removed = 0; removed < (1u << 7); ++removed) {
        if (__builtin_popcount(removed) != size) continue;
        const std::vector<int64_t> kept = Without(history, removed);
        if (TopOf(m, kept) != target) {
          smallest = size;
          break;
        }
      }
    }
    const std::string what = "seed " + std::to_string(seed);
    const Explanation e = ItemToItemCounterfactual(m, history, target, Json::object());
    const Json& x = e.extra;
    EXPECT_EQ(x["history"], Json(history)) << what;
    EXPECT_EQ(x["target"], target) << what;
    EXPECT_EQ(x["top_k_before"], Json({target})) << what;
    if (smallest < 0) {
      EXPECT_FALSE(x["found"].get<bool>()) << what;
      ++none;
      continue;
    }
    ASSERT_TRUE(x["found"].get<bool>()) << what;
    ++found;
    EXPECT_EQ(static_cast<int>(x["edited_positions"].size()), smallest) << what;
    EXPECT_EQ(x["minimal"], "proved") << what;
    // The edit is what it says: the history without those positions, whose top pick is another.
    unsigned removed = 0;
    for (const auto& p : x["edited_positions"]) removed |= 1u << p.get<int>();
    const std::vector<int64_t> kept = Without(history, removed);
    EXPECT_EQ(x["counterfactual_history"], Json(kept)) << what;
    EXPECT_NE(x["top_k_after"][0].get<int64_t>(), target) << what;
    EXPECT_EQ(x["top_k_after"][0].get<int64_t>(), TopOf(m, kept)) << what;
    for (const auto& item : x["edited_items"]) {
      EXPECT_NE(std::find(history.begin(), history.end(), item.get<int64_t>()), history.end());
    }
    // One value per player: 1 where removed.
    EXPECT_EQ(e.values.sum(), smallest) << what;
  }
  EXPECT_GT(found, 20);
}

TEST(ItemToItemCounterfactual, NamesItsPlayersAndRefusesWhatDoesNotApply) {
  const ItemToItemModel m = RandomModel(3);
  const std::vector<int64_t> history = {1000003, 1000003 + 7919 * 5, 1000003 + 7919 * 13};
  const int64_t target = TopOf(m, history);
  const Explanation named = ItemToItemCounterfactual(
      m, history, target, Json{{"item_names", {"Heat", "Ronin", "Alien"}}});
  EXPECT_EQ(named.player_names, PlayerNames({"Heat", "Ronin", "Alien"}));
  const auto message = [&](int64_t t, const Json& settings) {
    try {
      ItemToItemCounterfactual(m, history, t, settings);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(42, Json::object()),
            "target 42 is not an item the model recommends (it stores no weights for it)");
  const ItemToItemTop top = ItemToItemTopTargets(m, history, 2);
  EXPECT_EQ(message(top.items[1], Json::object()),
            "the target item " + std::to_string(top.items[1]) +
                " is not in the top 1 of the whole history: no removal can take it out");
  EXPECT_EQ(message(target, Json{{"counterfactual", "add"}, {"candidates", {7}}}),
            "counterfactual 'add' does not apply to a distilled history model: it removes "
            "history items");
  EXPECT_EQ(message(target, Json{{"pad_id", 3}}),
            "setting 'pad_id' does not apply to a distilled history model's counterfactual");
  EXPECT_EQ(message(target, Json{{"k", 12}}),
            "k = 12 but the model can show only 10 items to this history: the target cannot leave "
            "the top 12");
}

}  // namespace
}  // namespace whyrec
