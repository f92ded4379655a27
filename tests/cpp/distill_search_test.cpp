// The surrogate search: the same seed gives the same front and the same picked model, the pick
// follows its rule on the front it reports, the front is the non-dominated set, and a budget or
// size cap that nothing meets is a clear error.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/distill/surrogate_search.h"
#include "tests/cpp/distill_planted.h"
#include "tests/cpp/search_front_testing.h"

namespace whyrec {
namespace {

SearchOptions SmallSearch() {
  SearchOptions o;
  o.first_rung_rows = 200;
  o.time_budget_seconds = 1e6;  // never binds: the search is deterministic
  // A stand-in for gzip that is a deterministic function of the text.
  o.gzip_size = [](const std::string& text) { return text.size() / 3 + 20; };
  return o;
}

TEST(DistillSearch, SameSeedSameFrontAndModel) {
  const PlantedData d = Planted(1000, 11);
  SearchOptions o = SmallSearch();
  o.base.seed = 5;
  const SearchResult a = SearchSurrogates(d.x, d.y, d.names, {}, o);
  const SearchResult b = SearchSurrogates(d.x, d.y, d.names, {}, o);
  EXPECT_EQ(FrontWithoutTimes(a, o).dump(), FrontWithoutTimes(b, o).dump());
  EXPECT_EQ(a.candidates[a.picked].result.model_json, b.candidates[b.picked].result.model_json);
  // Rungs: 200, 400, 800 fitting rows (of 800), halving the candidates, the front kept.
  ASSERT_EQ(a.rungs.size(), 3u);
  EXPECT_EQ(a.rungs[0].fit_rows, 200);
  EXPECT_EQ(a.rungs[2].fit_rows, 800);
  EXPECT_EQ(a.rungs[0].fitted, 5 + 21 + 9 + 5);
  EXPECT_EQ(a.rungs[1].fitted, a.rungs[0].kept);
  EXPECT_GE(a.rungs[0].kept, (a.rungs[0].fitted + 1) / 2);
  o.base.seed = 6;
  const SearchResult c = SearchSurrogates(d.x, d.y, d.names, {}, o);
  EXPECT_NE(FrontWithoutTimes(a, o).dump(), FrontWithoutTimes(c, o).dump());
}

TEST(DistillSearch, FrontAndPickFollowTheirRules) {
  const PlantedData d = Planted(1000, 12);
  SearchOptions o = SmallSearch();
  const SearchResult r = SearchSurrogates(d.x, d.y, d.names, {}, o);
  const auto front = FrontJson(r, o);
  EXPECT_EQ(front["format"], "whyrec-distill-front");
  EXPECT_EQ(front["metric"], "holdout_r2");
  const auto& cands = front["candidates"];
  ASSERT_EQ(cands.size(), r.candidates.size());
  double best = -1;
  for (const auto& c : cands) best = std::max(best, c["holdout_r2"].get<double>());
  int picked = 0;
  for (size_t i = 0; i < cands.size(); ++i) {
    const auto& c = cands[i];
    // Pareto: no other candidate is at least as good and as small, and better in one.
    bool dominated = false;
    for (const auto& o2 : cands) {
      dominated = dominated ||
                  (o2["holdout_r2"] >= c["holdout_r2"] && o2["gzip_bytes"] <= c["gzip_bytes"] &&
                   (o2["holdout_r2"] > c["holdout_r2"] || o2["gzip_bytes"] < c["gzip_bytes"]));
    }
    EXPECT_EQ(c["pareto"].get<bool>(), !dominated) << c.dump();
    if (c["picked"].get<bool>()) {
      ++picked;
      EXPECT_GE(c["holdout_r2"].get<double>(), best - 0.01 * best);
      for (const auto& o2 : cands) {
        if (o2["holdout_r2"].get<double>() >= best - 0.01 * best) {
          EXPECT_LE(c["gzip_bytes"], o2["gzip_bytes"]);
        }
      }
    }
    EXPECT_EQ(c["top_k_agreement"], nullptr);
  }
  EXPECT_EQ(picked, 1);
  // The planted GA2M is found: the best candidate is a GA2M with pairs, close to exact.
  EXPECT_GT(best, 0.97);
  // A size cap moves the pick to a model within it.
  SearchOptions capped = o;
  capped.max_gzip_bytes = 400;
  const SearchResult small = SearchSurrogates(d.x, d.y, d.names, {}, capped);
  EXPECT_LE(small.candidates[small.picked].gzip_bytes, 400u);
}

void ExpectSearchError(const SearchOptions& o, const std::vector<int>& lists,
                       const std::string& fragment) {
  const PlantedData d = Planted(1000, 13);
  try {
    SearchSurrogates(d.x, d.y, d.names, lists, o);
    ADD_FAILURE() << "searched without error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(DistillSearch, ImpossibleBudgetsAndCapsAreErrors) {
  SearchOptions o = SmallSearch();
  o.time_budget_seconds = 1e-9;
  ExpectSearchError(o, {}, "time budget of 1e-09 s is too small");
  o = SmallSearch();
  o.max_gzip_bytes = 10;
  ExpectSearchError(o, {}, "no candidate is within the size cap of 10 gzip bytes");
  o = SmallSearch();
  o.metric = "top_k_agreement";
  ExpectSearchError(o, {}, "needs candidate lists");
  o = SmallSearch();
  o.families = {"forest"};
  ExpectSearchError(o, {}, "unknown family 'forest'");
  o = SmallSearch();
  o.base.augment = 2;
  ExpectSearchError(o, {}, "not the fit's augment");
  o = SmallSearch();
  o.families = {"ga2m"};
  o.teacher_scores = [](const RowMatrixF& x) {
    Eigen::VectorXd t = PlantedScores(x);
    t[3] = NAN;
    return t;
  };
  ExpectSearchError(o, {}, "the teacher's score for synthetic row 3 is NaN");
}

// With a teacher to score them, the GA2M grid adds candidates fitted beside synthetic rows: the
// teacher is asked once per rung, for augment rows per fitted row, each crossed from the data's
// values; the search stays deterministic; on the planted function (an exact teacher) they are
// the most faithful models.
TEST(DistillSearch, AugmentedCandidatesScoreSyntheticRowsOncePerRung) {
  // 480 fitting rows: rungs of 240 and 480 (the sanitizer build runs this test too).
  const PlantedData d = Planted(600, 14);
  std::vector<std::vector<float>> values(5);
  for (int c = 0; c < 5; ++c) {
    values[c].assign(d.x.col(c).begin(), d.x.col(c).end());
    std::sort(values[c].begin(), values[c].end());
  }
  SearchOptions o = SmallSearch();
  o.families = {"ga2m"};
  std::vector<Eigen::Index> asked;
  o.teacher_scores = [&](const RowMatrixF& x) {
    asked.push_back(x.rows());
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
      for (int c = 0; c < 5; ++c) {
        if (!std::binary_search(values[c].begin(), values[c].end(), x(r, c)))
          ADD_FAILURE() << "row " << r << " feature " << c << " is not a data value";
      }
    }
    return PlantedScores(x);
  };
  const SearchResult a = SearchSurrogates(d.x, d.y, d.names, {}, o);
  ASSERT_EQ(a.rungs.size(), 2u);
  EXPECT_EQ(a.rungs[0].fitted, 21 + 7);
  ASSERT_EQ(asked.size(), a.rungs.size());
  for (size_t k = 0; k < asked.size(); ++k) EXPECT_EQ(asked[k], 7 * a.rungs[k].fit_rows);
  double best_augmented = -1, best_data_only = -1;
  for (const SearchedSurrogate& s : a.candidates) {
    const int augment = s.candidate.options.augment;
    EXPECT_EQ(s.candidate.settings.value("augment", 0), augment);
    EXPECT_EQ(s.result.synthetic_rows, augment * a.train_rows);
    double& best = augment > 0 ? best_augmented : best_data_only;
    best = std::max(best, s.metric);
  }
  EXPECT_GT(best_augmented, best_data_only + 0.005);
  // The search's augment sets how many synthetic rows the augmented candidates fit; the same
  // seed, the same front and pick; 0, none.
  o.augment = 2;
  asked.clear();
  const SearchResult b = SearchSurrogates(d.x, d.y, d.names, {}, o);
  ASSERT_EQ(asked.size(), b.rungs.size());
  for (size_t k = 0; k < asked.size(); ++k) EXPECT_EQ(asked[k], 2 * b.rungs[k].fit_rows);
  for (const SearchedSurrogate& s : b.candidates)
    EXPECT_EQ(s.result.synthetic_rows, s.candidate.options.augment * b.train_rows);
  const SearchResult c = SearchSurrogates(d.x, d.y, d.names, {}, o);
  EXPECT_EQ(FrontWithoutTimes(b, o).dump(), FrontWithoutTimes(c, o).dump());
  EXPECT_EQ(b.candidates[b.picked].result.model_json, c.candidates[c.picked].result.model_json);
  o.augment = 0;
  asked.clear();
  EXPECT_EQ(SearchSurrogates(d.x, d.y, d.names, {}, o).rungs[0].fitted, 21);
  EXPECT_TRUE(asked.empty());
}

}  // namespace
}  // namespace whyrec
