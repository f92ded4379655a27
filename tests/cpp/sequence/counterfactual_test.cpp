#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <vector>

#include "core/explain/counterfactual/counterfactual_explanation.h"
#include "core/explain/counterfactual/counterfactual_search.h"

namespace whyrec {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kItems = 40;  // ids 1..39; 0 pads
constexpr int kLength = 16;

// A next-item model for the tests, independent of the core: each position adds an item-to-item
// weight that grows with recency, and items 1 and 2 together add an interaction, so the effects
// of removals are neither additive nor monotone.
class ToyModel {
 public:
  explicit ToyModel(unsigned seed) : weights_(kItems * kItems), bias_(kItems) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> normal;
    for (auto& w : weights_) w = normal(rng);
    for (auto& b : bias_) b = 0.5 * normal(rng);
  }

  std::vector<float> Scores(const int64_t* ids) const {
    std::vector<float> scores(kItems);
    const bool both = std::count(ids, ids + kLength, 1) && std::count(ids, ids + kLength, 2);
    for (int j = 0; j < kItems; ++j) {
      double s = bias_[j] + (both ? 2.0 * std::cos(j) : 0.0);
      for (int p = 0; p < kLength; ++p) {
        if (ids[p] != 0) s += weights_[ids[p] * kItems + j] * (1.0 + 0.1 * p);
      }
      scores[j] = static_cast<float>(s);
    }
    return scores;
  }

  // The items' scores after a history (oldest first), left-padded.
  std::vector<float> ScoresOf(const std::vector<int64_t>& history) const {
    std::vector<int64_t> ids(kLength - history.size(), 0);
    ids.insert(ids.end(), history.begin(), history.end());
    return Scores(ids.data());
  }

 private:
  std::vector<double> weights_, bias_;
};

// The target's rank among items neither in `history` nor padding, ties to the lower id.
int64_t RankOf(const std::vector<float>& scores, const std::vector<int64_t>& history,
               int64_t target) {
  int64_t rank = 1;
  for (int j = 1; j < kItems; ++j) {
    if (j == target || std::count(history.begin(), history.end(), j)) continue;
    rank += scores[j] > scores[target] || (scores[j] == scores[target] && j < target);
  }
  return rank;
}

int64_t TopItem(const ToyModel& model, const std::vector<int64_t>& history) {
  const auto scores = model.ScoresOf(history);
  for (int64_t t = 1; t < kItems; ++t) {
    if (!std::count(history.begin(), history.end(), t) && RankOf(scores, history, t) == 1) return t;
  }
  return -1;
}

Counterfactual Search(CounterfactualSearch& search, const ToyModel& model,
                      int64_t* asked = nullptr) {
  for (IdBatch ids = search.next(); ids.rows() > 0; ids = search.next()) {
    std::vector<float> scores;
    for (Eigen::Index r = 0; r < ids.rows(); ++r) {
      const auto row = model.Scores(ids.row(r).data());
      scores.insert(scores.end(), row.begin(), row.end());
    }
    if (asked) *asked += ids.rows();
    search.tell(ConstMatrixView(scores.data(), ids.rows(), kItems));
  }
  return search.result();
}

std::vector<int64_t> RandomHistory(std::mt19937& rng, int size) {
  std::vector<int64_t> ids;
  for (int64_t i = 1; i < kItems; ++i) ids.push_back(i);
  std::shuffle(ids.begin(), ids.end(), rng);
  ids.resize(static_cast<size_t>(size));
  return ids;
}

Json Config(int64_t target, int64_t k) {
  return {{"history_length", kLength}, {"num_items", kItems}, {"target", target}, {"k", k}};
}

// The history without the players in `mask` (bit i: position i).
std::vector<int64_t> Removed(const std::vector<int64_t>& history, unsigned mask) {
  std::vector<int64_t> kept;
  for (size_t i = 0; i < history.size(); ++i) {
    if (!((mask >> i) & 1)) kept.push_back(history[i]);
  }
  return kept;
}

// The fewest removals that push the target below the top k, by trying every subset.
int BruteForceRemoval(const ToyModel& model, const std::vector<int64_t>& history, int64_t target,
                      int64_t k) {
  int best = -1;
  for (unsigned mask = 1; mask < (1u << history.size()); ++mask) {
    const int size = __builtin_popcount(mask);
    if (best >= 0 && size >= best) continue;
    const auto kept = Removed(history, mask);
    if (RankOf(model.ScoresOf(kept), kept, target) > k) best = size;
  }
  return best;
}

TEST(Counterfactual, RemovalIsVerifiedAndMinimalAgainstBruteForce) {
  std::mt19937 rng(11);
  int histories = 0, exact = 0, proved = 0;
  for (unsigned seed = 0; seed < 12; ++seed) {
    const ToyModel model(seed);
    for (int64_t k : {1, 3}) {
      const auto history = RandomHistory(rng, 8 + static_cast<int>(seed % 5));
      const int64_t target = TopItem(model, history);
      CounterfactualSearch search(ParseCounterfactualConfig(Config(target, k), history));
      int64_t asked = 0;
      const Counterfactual c = Search(search, model, &asked);
      const int truth = BruteForceRemoval(model, history, target, k);
      ++histories;
      ASSERT_EQ(c.found, truth >= 0) << "seed " << seed << " k " << k;
      EXPECT_EQ(c.model_calls, asked);
      if (!c.found) continue;
      // Re-verified independently: the edited history, scored again, ranks the target below k.
      unsigned mask = 0;
      for (int g : c.players) mask |= 1u << g;
      const auto kept = Removed(history, mask);
      EXPECT_EQ(c.history, kept);
      EXPECT_GT(RankOf(model.ScoresOf(kept), kept, target), k);
      EXPECT_EQ(c.after.rank, RankOf(model.ScoresOf(kept), kept, target));
      EXPECT_LE(static_cast<int>(c.players.size()), truth + 1);
      exact += static_cast<int>(c.players.size()) == truth;
      if (c.proved_minimal) {
        EXPECT_EQ(static_cast<int>(c.players.size()), truth);
        ++proved;
      }
    }
  }
  EXPECT_GE(exact, histories * 95 / 100) << exact << " of " << histories;
  EXPECT_GT(proved, histories / 2);
}

TEST(Counterfactual, AdditionIsVerifiedAndMinimalAgainstBruteForce) {
  std::mt19937 rng(5);
  int exact = 0, found = 0;
  for (unsigned seed = 0; seed < 10; ++seed) {
    const ToyModel model(100 + seed);
    const auto drawn = RandomHistory(rng, 22);
    const std::vector<int64_t> history(drawn.begin(), drawn.begin() + 6);
    const std::vector<int64_t> pool(drawn.begin() + 6, drawn.begin() + 16);
    // The target: the shown item ranked 6th, brought into the top 3.
    const auto scores = model.ScoresOf(history);
    int64_t target = -1;
    for (int64_t t = 1; t < kItems; ++t) {
      const bool shown = !std::count(drawn.begin(), drawn.begin() + 16, t);
      if (shown && RankOf(scores, history, t) == 6) target = t;
    }
    if (target < 0) continue;
    Json config = Config(target, 3);
    config["counterfactual"] = "add";
    config["candidates"] = pool;
    CounterfactualSearch search(ParseCounterfactualConfig(config, history));
    const Counterfactual c = Search(search, model);
    int truth = -1;
    for (unsigned mask = 1; mask < (1u << pool.size()); ++mask) {
      std::vector<int64_t> edited = history;
      for (size_t i = 0; i < pool.size(); ++i)
        if ((mask >> i) & 1) edited.push_back(pool[i]);
      const int size = __builtin_popcount(mask);
      if ((truth < 0 || size < truth) && RankOf(model.ScoresOf(edited), edited, target) <= 3)
        truth = size;
    }
    ASSERT_EQ(c.found, truth >= 0);
    if (!c.found) continue;
    ++found;
    EXPECT_LE(RankOf(model.ScoresOf(c.history), c.history, target), 3);
    EXPECT_EQ(c.history.size(), history.size() + c.players.size());
    exact += static_cast<int>(c.players.size()) == truth;
  }
  EXPECT_GT(found, 0);
  EXPECT_EQ(exact, found);
}

TEST(Counterfactual, GreedyBaselineIsNeverSmallerAndAsksOneBatchPerRound) {
  std::mt19937 rng(3);
  for (unsigned seed = 0; seed < 8; ++seed) {
    const ToyModel model(seed);
    const auto history = RandomHistory(rng, 14);
    Json config = Config(TopItem(model, history), 2);
    config["max_batch_rows"] = 7;
    CounterfactualSearch full(ParseCounterfactualConfig(config, history));
    config["search"] = "greedy";
    CounterfactualSearch greedy(ParseCounterfactualConfig(config, history));
    const Counterfactual a = Search(full, model), b = Search(greedy, model);
    ASSERT_TRUE(a.found && b.found);
    EXPECT_LE(a.players.size(), b.players.size());
    EXPECT_GE(a.rounds, (a.model_calls + 6) / 7);
  }
}

TEST(Counterfactual, AttributionOrdersTheGreedyBaseline) {
  const ToyModel model(2);
  std::mt19937 rng(2);
  const auto history = RandomHistory(rng, 10);
  Json config = Config(TopItem(model, history), 1);
  config["search"] = "greedy";
  config["attribution"] = std::vector<double>(history.size(), 0.0);
  CounterfactualSearch search(ParseCounterfactualConfig(config, history));
  const Counterfactual c = Search(search, model);
  ASSERT_TRUE(c.found);
  // Equal values keep the history's order: the answer is a prefix of it.
  for (size_t i = 0; i < c.players.size(); ++i) EXPECT_EQ(c.players[i], static_cast<int>(i));
}

TEST(Counterfactual, SameRequestSameAnswerAndJson) {
  const ToyModel model(4);
  std::mt19937 rng(4);
  const auto history = RandomHistory(rng, 12);
  const Json config = Config(TopItem(model, history), 2);
  std::string first;
  for (int run = 0; run < 2; ++run) {
    CounterfactualSearch search(ParseCounterfactualConfig(config, history));
    const Counterfactual c = Search(search, model);
    const Explanation e = CounterfactualExplanation(search.config(), c);
    EXPECT_EQ(e.method, "counterfactual");
    EXPECT_EQ(e.values.sum(), static_cast<double>(c.players.size()));
    EXPECT_EQ(e.extra["edited_items"].size(), c.players.size());
    EXPECT_EQ(e.evaluations, c.model_calls);
    const std::string json = e.extra.dump();
    if (run == 0) first = json;
    EXPECT_EQ(json, first);
  }
}

TEST(Counterfactual, BudgetTooSmallSaysSo) {
  const ToyModel model(6);
  std::mt19937 rng(6);
  const auto history = RandomHistory(rng, 12);
  Json config = Config(TopItem(model, history), 20);
  config["budget"] = 3;
  CounterfactualSearch search(ParseCounterfactualConfig(config, history));
  const Counterfactual c = Search(search, model);
  EXPECT_FALSE(c.found);
  EXPECT_TRUE(c.budget_spent);
  EXPECT_EQ(c.model_calls, 3);
  const Explanation e = CounterfactualExplanation(search.config(), c);
  EXPECT_TRUE(e.extra["minimal"].is_null());
  EXPECT_TRUE(e.extra["rank_after"].is_null());
}

void ExpectError(const Json& config, const std::vector<int64_t>& items, const std::string& part) {
  try {
    const ToyModel model(0);
    CounterfactualSearch search(ParseCounterfactualConfig(config, items));
    Search(search, model);
    ADD_FAILURE() << "no error; expected one naming: " << part;
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

TEST(Counterfactual, InfeasibleRequestsGetClearErrors) {
  const std::vector<int64_t> history = {3, 5, 7};
  const ToyModel model(0);
  const int64_t top = TopItem(model, history);
  ExpectError(Config(top, 1), {}, "the history is empty");
  ExpectError(Config(top, 36), history, "k = 36 but the model can show only 36 items");
  Json unknown = Config(top, 1);
  unknown.erase("num_items");
  unknown["k"] = 36;
  ExpectError(unknown, history, "k = 36 but the model can show only 36 items");
  ExpectError(Config(top, 0), history, "setting 'k'");
  int64_t low = -1;
  for (int64_t t = 1; t < kItems && low < 0; ++t) {
    if (!std::count(history.begin(), history.end(), t) &&
        RankOf(model.ScoresOf(history), history, t) > 2)
      low = t;
  }
  ExpectError(Config(low, 2), history, "is not in the top 2 of the whole history");
  Json add = Config(top, 1);
  add["counterfactual"] = "add";
  ExpectError(add, history, "needs 'candidates'");
  add["candidates"] = {8, 5};
  ExpectError(add, history, "candidate 1 (id 5) is already in the history");
  add["candidates"] = {8};
  ExpectError(add, history, "is already in the top 1");
}

}  // namespace
}  // namespace whyrec
