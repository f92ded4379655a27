// The item-to-item surrogate of a history model: the fit recovers a planted model (its pair
// weights, biases and decay), a history's terms and bias add up to its score and are the
// written weights times decay^m, budgets and baselines do what they say, the search is
// deterministic by seed, and bad teacher data is a clear error.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "core/distill/item_to_item_distill.h"
#include "core/random.h"
#include "tests/cpp/search_front_testing.h"

namespace whyrec {
namespace {

constexpr int kItems = 30;    // history items 1..30
constexpr int kTargets = 10;  // targets 1..10

// A planted model: every pair (i -> t) has a weight, every target a bias, decay 0.8.
struct Planted {
  ItemToItemModel model;
  ItemToItemData data;
};

Planted MakePlanted(int histories, uint64_t seed) {
  Random random(seed);
  Planted p;
  p.model.decay = 0.8;
  for (int t = 1; t <= kTargets; ++t) {
    ItemToItemModel::Target target;
    target.bias = random.Normal();
    for (int i = 1; i <= kItems; ++i) {
      target.sources.push_back(i);
      target.weights.push_back(0.5 * random.Normal());
    }
    p.model.targets[t] = target;
  }
  for (int h = 0; h < histories; ++h) {
    std::vector<int64_t> items(3 + random.Below(10));
    for (auto& item : items) item = 1 + static_cast<int64_t>(random.Below(kItems));
    p.data.histories.push_back(items);
  }
  std::vector<double> scores;
  for (int h = 0; h < histories; ++h) {
    for (int t = 1; t <= kTargets; ++t) {
      p.data.history.push_back(h);
      p.data.target.push_back(t);
      scores.push_back(p.model.Score(p.data.histories[h], t));
    }
  }
  p.data.score = Eigen::Map<Eigen::VectorXd>(scores.data(), scores.size());
  return p;
}

TEST(ItemToItem, RecoversPlantedWeightsBiasesAndDecay) {
  const Planted p = MakePlanted(400, 3);
  ItemToItemOptions o;
  o.l2 = 1e-10;
  o.decays = {0.5, 0.7, 0.8, 0.9, 1};
  const ItemToItemModel fit = FitItemToItem(p.data, o);
  EXPECT_EQ(fit.decay, 0.8);
  ASSERT_EQ(fit.targets.size(), static_cast<size_t>(kTargets));
  for (int t = 1; t <= kTargets; ++t) {
    EXPECT_NEAR(fit.Bias(t), p.model.Bias(t), 1e-6) << "target " << t;
    for (int i = 1; i <= kItems; ++i) {
      EXPECT_NEAR(fit.Weight(i, t), p.model.Weight(i, t), 1e-6) << i << " -> " << t;
    }
  }
  EXPECT_EQ(fit.Pairs(), kItems * kTargets);
  EXPECT_EQ(fit.Terms(), kItems * kTargets + kTargets);
}

TEST(ItemToItem, RecoversAPlantedLowRankModel) {
  // w(i -> t) = u_i . v_t of rank 2; the product is identifiable, the factors are not.
  Planted p = MakePlanted(400, 10);
  Random random(11);
  std::map<int, Eigen::Vector2d> u, v;
  for (int i = 1; i <= kItems; ++i) u[i] = {random.Normal(), random.Normal()};
  for (int t = 1; t <= kTargets; ++t) v[t] = {random.Normal(), random.Normal()};
  for (auto& [t, target] : p.model.targets) {
    for (size_t k = 0; k < target.sources.size(); ++k) {
      target.weights[k] = 0.5 * u[target.sources[k]].dot(v[t]);
    }
  }
  for (int r = 0; r < p.data.rows(); ++r) {
    p.data.score[r] = p.model.Score(p.data.histories[p.data.history[r]], p.data.target[r]);
  }
  ItemToItemOptions o;
  o.decays = {0.8};
  o.rank = 2;
  o.pair_budget = 0;
  o.l2 = 1e-8;
  o.factor_iterations =
      1000;  // alternating least squares converges slowly: 100 rounds miss by 1e-2
  const ItemToItemModel fit = FitItemToItem(p.data, o);
  EXPECT_EQ(fit.rank, 2);
  EXPECT_EQ(fit.Pairs(), 0);
  for (int t = 1; t <= kTargets; ++t) {
    EXPECT_NEAR(fit.Bias(t), p.model.Bias(t), 1e-4) << "target " << t;
    for (int i = 1; i <= kItems; ++i) {
      EXPECT_NEAR(fit.Weight(i, t), p.model.Weight(i, t), 1e-4) << i << " -> " << t;
    }
  }
}

TEST(ItemToItem, TermsAreWeightTimesDecayPowerAndAddUpToTheScore) {
  const Planted p = MakePlanted(100, 4);
  ItemToItemOptions o;
  o.decays = {0.7};
  o.rank = 3;
  o.pair_budget = 50;
  // Through the written JSON: the model as a reader of the file sees it.
  const ItemToItemModel model =
      ParseItemToItemJson(ItemToItemJson(FitItemToItem(p.data, o), 6), "m");
  EXPECT_EQ(model.decay, 0.7);
  EXPECT_EQ(model.rank, 3);
  EXPECT_EQ(model.Pairs(), 50);
  EXPECT_EQ(model.Terms(), 50 + kTargets + 3 * (kTargets + kItems));
  for (int h = 0; h < 20; ++h) {
    const auto& items = p.data.histories[h];
    for (int t = 0; t <= kTargets + 1; ++t) {  // 0 and 11: targets the model does not know
      const std::vector<double> terms = model.Contributions(items, t);
      ASSERT_EQ(terms.size(), items.size());
      double sum = model.Bias(t);
      for (size_t q = 0; q < items.size(); ++q) {
        const double expected =
            model.Weight(items[q], t) * std::pow(0.7, static_cast<double>(items.size() - 1 - q));
        EXPECT_NEAR(terms[q], expected, 1e-15 * (1 + std::abs(expected)));
        sum += terms[q];
      }
      EXPECT_EQ(sum, model.Score(items, t));  // exactly: the score is this sum
    }
  }
  EXPECT_EQ(model.Bias(0), model.default_bias);
  EXPECT_EQ(model.Weight(1, 0), 0.0);
}

TEST(ItemToItem, BudgetsAndBaselines) {
  const Planted p = MakePlanted(200, 5);
  ItemToItemOptions o;
  o.decays = {0.8};
  o.pair_budget = 7;
  EXPECT_EQ(FitItemToItem(p.data, o).Pairs(), 7);
  o.pair_budget = -1;
  o.max_pairs_per_target = 3;
  const ItemToItemModel capped = FitItemToItem(p.data, o);
  for (const auto& [t, target] : capped.targets) EXPECT_LE(target.sources.size(), 3u);
  EXPECT_EQ(capped.Pairs(), 3 * kTargets);

  // Pair budget 0: the popularity baseline, each bias the mean teacher score of its target.
  o.max_pairs_per_target = -1;
  o.pair_budget = 0;
  const ItemToItemModel popularity = FitItemToItem(p.data, o);
  EXPECT_EQ(popularity.Pairs(), 0);
  std::map<int64_t, std::pair<double, int>> sums;
  for (int r = 0; r < p.data.rows(); ++r) {
    sums[p.data.target[r]].first += p.data.score[r];
    ++sums[p.data.target[r]].second;
  }
  for (const auto& [t, s] : sums) EXPECT_NEAR(popularity.Bias(t), s.first / s.second, 1e-12);

  // Decay 0: the last item only; the earlier items change nothing.
  o.pair_budget = -1;
  o.decays = {0};
  const ItemToItemModel last = FitItemToItem(p.data, o);
  EXPECT_EQ(last.Score({4, 9, 17}, 2), last.Score({17}, 2));
  EXPECT_NE(last.Score({4, 9, 17}, 2), last.Score({4, 9}, 2));
}

SearchOptions SmallSearch() {
  SearchOptions o;
  o.time_budget_seconds = 1e6;  // never binds
  o.gzip_size = [](const std::string& text) { return text.size() / 3 + 20; };
  o.base.seed = 9;
  return o;
}

TEST(ItemToItem, SearchIsDeterministicBySeedAndPicksByItsRule) {
  const Planted fit = MakePlanted(150, 6);
  const Planted held = MakePlanted(50, 7);
  ItemToItemOptions base;
  base.seed = 9;
  const SearchOptions o = SmallSearch();
  const SearchResult a = SearchItemToItem(fit.data, held.data, base, o);
  const SearchResult b = SearchItemToItem(fit.data, held.data, base, o);
  EXPECT_EQ(FrontWithoutTimes(a, o).dump(), FrontWithoutTimes(b, o).dump());
  EXPECT_EQ(a.candidates[a.picked].result.model_json, b.candidates[b.picked].result.model_json);
  ASSERT_EQ(a.candidates.size(), ItemToItemGrid().size());
  double best = -INFINITY;
  for (const auto& c : a.candidates) best = std::max(best, c.metric);
  const SearchedSurrogate& pick = a.candidates[a.picked];
  EXPECT_TRUE(pick.picked);
  EXPECT_EQ(std::count_if(a.candidates.begin(), a.candidates.end(),
                          [](const SearchedSurrogate& c) { return c.picked; }),
            1);
  EXPECT_GE(pick.metric, best - 0.01 * std::abs(best));
  for (const auto& c : a.candidates) {
    if (c.metric >= best - 0.01 * std::abs(best)) EXPECT_GE(c.gzip_bytes, pick.gzip_bytes);
  }
  // Every pair budget in the grid is met by its candidate.
  for (const auto& c : a.candidates) {
    const int budget = c.candidate.settings.value("pair_budget", -1);
    const ItemToItemModel m = ParseItemToItemJson(c.result.model_json, "m");
    if (budget >= 0) EXPECT_LE(m.Pairs(), budget);
    EXPECT_EQ(c.result.terms, m.Terms());
  }
}

TEST(ItemToItem, BadTeacherDataIsAClearError) {
  Planted p = MakePlanted(50, 8);
  const Planted held = MakePlanted(20, 9);
  ItemToItemOptions o;
  o.decays = {0.8};
  const auto message = [&](const ItemToItemData& fit, const ItemToItemData& h) {
    try {
      DistillItemToItem(fit, h, o, 10, 4);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  ItemToItemData nan = p.data;
  nan.score[3] = NAN;
  EXPECT_NE(message(nan, held.data).find("teacher row 3: the teacher score is nan"),
            std::string::npos)
      << message(nan, held.data);
  ItemToItemData constant = held.data;
  constant.score.setConstant(2.5);
  EXPECT_NE(message(p.data, constant).find("constant"), std::string::npos)
      << message(p.data, constant);
  ItemToItemData unknown = p.data;
  unknown.histories[4][0] = -3;
  EXPECT_NE(message(unknown, held.data).find("history 4 has a negative item id"),
            std::string::npos);
  ItemToItemData bad_index = p.data;
  bad_index.history[2] = 999;
  EXPECT_NE(message(bad_index, held.data).find("teacher row 2: history 999 does not exist"),
            std::string::npos);
  EXPECT_NE(message(ItemToItemData(), held.data).find("no teacher rows"), std::string::npos);
  o.decays = {1.5};
  EXPECT_NE(message(p.data, held.data).find("decay 1.500000 is outside [0, 1]"), std::string::npos);
  EXPECT_THROW(ParseItemToItemJson("{\"format\": \"whyrec-distilled\", \"family\": \"ga2m\"}", "x"),
               std::invalid_argument);
  EXPECT_THROW(ParseItemToItemJson(
                   R"({"format": "whyrec-distilled", "family": "item_to_item", "decay": 0.5,
                       "default_bias": 0, "targets": [{"item": 1, "bias": 0,
                       "sources": [3, 2], "weights": [1, 1]}]})",
                   "x"),
               std::invalid_argument);
  try {  // factors must have `rank` entries
    ParseItemToItemJson(R"({"format": "whyrec-distilled", "family": "item_to_item", "decay": 0.5,
                            "default_bias": 0, "rank": 2, "targets": [],
                            "source_factors": [{"item": 4, "u": [1, 2, 3]}]})",
                        "m.json");
    ADD_FAILURE() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "m.json: source_factors[0].u is not an array of rank (2) numbers");
  }
  try {  // a number beyond double is a JSON error naming where it is
    ParseItemToItemJson(R"({"format": "whyrec-distilled", "decay": 1e999})", "m.json");
    ADD_FAILURE() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "m.json: not valid JSON at byte 40: Number too big to be stored in double.");
  }
}

// The WebAssembly core builds a model from the arrays JS reads out of the parsed document: its
// values get the checks a file's do, with the same messages.
TEST(DistillItemToItem, ValuesReadElsewhereAreCheckedAsFilesAre) {
  const auto message = [](const std::function<void()>& build) -> std::string {
    try {
      build();
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "no error";
  };
  const auto builder = [] { return ItemToItemBuilder("m", 0.5, 0, 2); };
  EXPECT_EQ(message([] { ItemToItemBuilder("m", 1.5, 0, 0); }),
            "m: decay 1.500000 is outside [0, 1]");
  EXPECT_EQ(message([] { ItemToItemBuilder("m", NAN, 0, 0); }), "m: decay must be finite");
  EXPECT_EQ(message([] { ItemToItemBuilder("m", 0.5, INFINITY, 0); }),
            "m: default_bias must be finite");
  EXPECT_EQ(message([] { ItemToItemBuilder("m", 0.5, 0, -1); }),
            "m: rank is not a non-negative integer");
  EXPECT_EQ(message([&] {
              builder().AddSourceFactors(0, 4, {1, NAN});
            }),
            "m: source_factors[0].u[1] must be finite");
  EXPECT_EQ(message([&] {
              builder().AddSourceFactors(1, 4, {1, 2, 3});
            }),
            "m: source_factors[1].u is not an array of rank (2) numbers");
  EXPECT_EQ(message([&] { builder().AddTarget(3, 1, NAN, {}, {}, std::nullopt); }),
            "m: targets[3].bias must be finite");
  EXPECT_EQ(message([&] {
              builder().AddTarget(0, 1, 0, {2, 5}, {1, INFINITY}, std::nullopt);
            }),
            "m: targets[0].weights[1] must be finite");
  EXPECT_EQ(message([&] {
              builder().AddTarget(0, 1, 0, {2}, {1, 2}, std::nullopt);
            }),
            "m: targets[0]: sources and weights are not arrays of one length");
  EXPECT_EQ(message([&] {
              builder().AddTarget(0, 1, 0, {5, 2}, {1, 2}, std::nullopt);
            }),
            "m: targets[0].sources are not strictly ascending at [1]");
  EXPECT_EQ(message([&] { builder().AddTarget(0, 1, 0, {}, {}, std::vector<double>{1}); }),
            "m: targets[0].v is not an array of rank (2) numbers");
  EXPECT_EQ(message([&] {
              ItemToItemBuilder b = builder();
              b.AddTarget(0, 7, 0, {}, {}, std::nullopt);
              b.AddTarget(1, 7, 0, {}, {}, std::nullopt);
            }),
            "m: targets[1]: target item 7 is listed twice");
  // The same messages from a file, where JSON can say it.
  EXPECT_EQ(message([] {
              ParseItemToItemJson(R"({"format": "whyrec-distilled", "family": "item_to_item",
                  "decay": 0.5, "default_bias": 0, "targets": [{"item": 7, "bias": 0,
                  "sources": [], "weights": []}, {"item": 7, "bias": 1, "sources": [],
                  "weights": []}]})",
                                  "m");
            }),
            "m: targets[1]: target item 7 is listed twice");
  // Built as read: the model scores as its terms say.
  ItemToItemBuilder b = builder();
  b.AddSourceFactors(0, 2, {1, 0});
  b.AddTarget(0, 9, 0.25, {2, 3}, {0.5, 1}, std::vector<double>{2, 0});
  const ItemToItemModel m = b.Take();
  EXPECT_DOUBLE_EQ(m.Score({3, 2}, 9), 0.25 + 1 * 0.5 + (0.5 + 2));
}

}  // namespace
}  // namespace whyrec
