#include "core/explain/counterfactual/feature_counterfactual.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>

#include "core/explain/counterfactual/feature_counterfactual_settings.h"

namespace whyrec {
namespace {

using Scorer = std::function<double(const Eigen::VectorXf&)>;

RowMatrixF UniformRows(int n, int d, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> uniform(0.0f, 10.0f);
  RowMatrixF rows(n, d);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < d; ++j) rows(i, j) = uniform(rng);
  return rows;
}

nlohmann::ordered_json Run(FeatureCounterfactual& search, const Scorer& score) {
  for (RowBatch rows = search.next(); rows.rows() > 0; rows = search.next()) {
    RowMatrixF out(rows.rows(), 1);
    for (Eigen::Index r = 0; r < rows.rows(); ++r) out(r, 0) = score(rows.row(r).transpose());
    search.tell(ConstMatrixView(out.data(), out.rows(), 1));
  }
  return search.result();
}

const std::vector<std::string> kNames = {"price", "rating", "shipping"};
const Eigen::Vector3d kWeights(-1.0, 2.0, -0.5);
const Scorer kLinear = [](const Eigen::VectorXf& x) { return kWeights.dot(x.cast<double>()); };

struct Case {
  RowMatrixF background = UniformRows(200, 3, 1);
  Eigen::VectorXf row = Eigen::Vector3f(6, 4, 5);
  RowMatrixF others = (RowMatrixF(3, 3) << 2, 5, 2, 3, 6, 1, 5, 5, 5).finished();
};

nlohmann::ordered_json Explain(const Case& c, const nlohmann::ordered_json& settings,
                               FeatureCounterfactualOptions options, const Scorer& score) {
  FeatureCounterfactual search(MakeFeatureSpace(kNames, c.background, c.row, settings), c.row,
                               c.others, options);
  return Run(search, score);
}

TEST(FeatureCounterfactual, LinearScorerMovesTheCheapestFeatureByTheClosedFormAmount) {
  const Case c;
  // Scores: the row -0.5; the others 7, 8.5 and 2.5. Into the top 2 it must beat 7: the cheapest
  // single change per scaled unit moves one feature by (7 - (-0.5)) / |w_j|.
  FeatureCounterfactualOptions options;
  options.k = 2;
  options.bisection_steps = 30;
  const auto out = Explain(c, {}, options, kLinear);
  EXPECT_EQ(out["goal"], "enter");
  EXPECT_EQ(out["rank_before"], 4);
  EXPECT_DOUBLE_EQ(out["threshold"].get<double>(), 7.0);
  ASSERT_TRUE(out["found"].get<bool>());
  const auto space = MakeFeatureSpace(kNames, c.background, c.row, {});
  int best = -1;
  double best_distance = INFINITY, best_to = 0;
  for (int j = 0; j < 3; ++j) {
    const double to = c.row[j] + 7.5 / kWeights[j];
    if (to < space.low[j] || to > space.high[j]) continue;
    const double distance = std::abs(7.5 / kWeights[j]) / space.scale[j];
    if (distance < best_distance) best = j, best_distance = distance, best_to = to;
  }
  ASSERT_GE(best, 0);
  const auto& answer = out["counterfactuals"][0];
  ASSERT_EQ(answer["changes"].size(), 1u) << out.dump();
  EXPECT_EQ(answer["changes"][0]["feature"], kNames[best]);
  EXPECT_NEAR(answer["changes"][0]["to"].get<double>(), best_to, 1e-4);
  EXPECT_GT(answer["output"].get<double>(), 7.0);
  EXPECT_EQ(answer["rank"], 2);
  EXPECT_NEAR(answer["proximity"].get<double>(), best_distance, 1e-4);
  EXPECT_TRUE(out["sparsity_minimal"].get<bool>());
}

TEST(FeatureCounterfactual, ImmutableFeaturesStepsAndRangesAreKept) {
  const Case c;
  FeatureCounterfactualOptions options;
  options.k = 3;  // beat 2.5 from -0.5
  const nlohmann::ordered_json settings = {{"immutable", {"rating"}},
                                           {"steps", {{"price", 0.5}, {"shipping", 1}}},
                                           {"ranges", {{"price", {3, 10}}}}};
  const auto out = Explain(c, settings, options, kLinear);
  ASSERT_TRUE(out["found"].get<bool>()) << out.dump();
  for (const auto& change : out["counterfactuals"][0]["changes"]) {
    EXPECT_NE(change["feature"], "rating");
    const double to = change["to"];
    if (change["feature"] == "price") {
      EXPECT_GE(to, 3.0);
      EXPECT_DOUBLE_EQ(std::fmod(to - 6.0, 0.5), 0.0);
    } else {
      EXPECT_DOUBLE_EQ(to, std::round(to));
    }
  }
  // Price alone can go down to 3 (+3, a tie at 2.5), shipping alone adds at most 2.5: both must
  // move.
  EXPECT_EQ(out["counterfactuals"][0]["sparsity"], 2);
  EXPECT_TRUE(out["sparsity_minimal"].get<bool>());
  EXPECT_GT(out["counterfactuals"][0]["output"].get<double>(), 2.5);
}

TEST(FeatureCounterfactual, LeavingTheTopAndDiverseAnswers) {
  Case c;
  c.row = Eigen::Vector3f(1, 8, 2);  // score 14: first
  FeatureCounterfactualOptions options;
  options.k = 1;
  options.count = 3;
  const auto out = Explain(c, {}, options, kLinear);
  EXPECT_EQ(out["goal"], "leave");
  EXPECT_EQ(out["rank_before"], 1);
  const auto& answers = out["counterfactuals"];
  ASSERT_GE(answers.size(), 2u) << out.dump();
  std::set<std::set<std::string>> feature_sets;
  for (const auto& answer : answers) {
    EXPECT_LE(answer["output"].get<double>(), 8.5);
    EXPECT_GE(answer["rank"].get<int>(), 2);
    std::set<std::string> features;
    for (const auto& change : answer["changes"]) features.insert(change["feature"]);
    EXPECT_TRUE(feature_sets.insert(features).second) << "answers change different features";
  }
}

TEST(FeatureCounterfactual, SparsityEqualsBruteForceOverTheGrid) {
  // Only both rating and shipping high together lift the score above the others' (all 0, ties
  // win no place): the answer needs two changes.
  const Scorer both = [](const Eigen::VectorXf& x) { return x[1] > 7 && x[2] > 7 ? 10.0 : 0.0; };
  const Case c;
  FeatureCounterfactualOptions options;
  options.k = 1;
  const auto out = Explain(c, {}, options, both);
  ASSERT_TRUE(out["found"].get<bool>()) << out.dump();
  const auto space = MakeFeatureSpace(kNames, c.background, c.row, {});
  double top = -INFINITY;
  for (Eigen::Index r = 0; r < c.others.rows(); ++r) {
    top = std::max(top, both(c.others.row(r).transpose()));
  }
  int smallest = 4;
  for (int j = 0; j < 3; ++j) {
    for (double v : space.grid[j]) {
      Eigen::VectorXf x = c.row;
      x[j] = static_cast<float>(v);
      if (both(x) > top) smallest = 1;
    }
  }
  EXPECT_EQ(smallest, 4) << "no single change works";
  EXPECT_EQ(out["counterfactuals"][0]["sparsity"], 2);
  EXPECT_TRUE(out["sparsity_minimal"].get<bool>());
  for (const auto& change : out["counterfactuals"][0]["changes"]) {
    EXPECT_NE(change["feature"], "price");
    EXPECT_GT(change["to"].get<double>(), 7.0);
    EXPECT_LE(change["to"].get<double>(), 7.0 + 0.2) << "shrunk to the edge";
  }
}

TEST(FeatureCounterfactual, OutOfReachIsReportedNotInvented) {
  const Case c;
  FeatureCounterfactualOptions options;
  options.k = 1;
  const auto flat = [](const Eigen::VectorXf& x) { return x[0] > 100 ? 100.0 : 0.0; };
  const auto out = Explain(c, {}, options, flat);
  EXPECT_FALSE(out["found"].get<bool>());
  EXPECT_TRUE(out["counterfactuals"].empty());
  EXPECT_GT(out["evaluations"].get<int64_t>(), 50);
}

TEST(FeatureCounterfactual, SameRequestSameAnswer) {
  const Case c;
  FeatureCounterfactualOptions options;
  options.k = 2;
  options.count = 2;
  EXPECT_EQ(Explain(c, {}, options, kLinear), Explain(c, {}, options, kLinear));
}

TEST(FeatureCounterfactual, BadRequestsGetClearErrors) {
  const Case c;
  const auto error = [&](const nlohmann::ordered_json& settings, FeatureCounterfactualOptions o,
                         const Scorer& score = kLinear) {
    try {
      Explain(c, settings, o, score);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  FeatureCounterfactualOptions enter;
  enter.k = 2;
  EXPECT_EQ(error({{"immutable", {"colour"}}}, enter),
            "setting 'immutable' names 'colour', which is not a feature");
  EXPECT_EQ(error({{"immutable", kNames}}, enter),
            "no feature may change: every feature is immutable or has no other value in its range");
  EXPECT_EQ(error({{"steps", {{"price", -1}}}}, enter),
            "step of 'price' must be a positive number, got -1");
  FeatureCounterfactualOptions leave = enter;
  leave.goal = RankGoal::kLeave;
  EXPECT_EQ(error({}, leave),
            "the row is already outside the top 2 (rank 4): ask for goal 'enter'");
  const Scorer nan = [](const Eigen::VectorXf&) { return NAN; };
  EXPECT_NE(error({}, enter, nan).find("NaN"), std::string::npos);
}

// A model whose output has a column per class ranks by the column chosen: the same search as a
// model of that column alone; none chosen is an error, not column 0 unasked.
TEST(FeatureCounterfactual, RanksByTheOutputColumnChosen) {
  const Case c;
  FeatureCounterfactualOptions options;
  options.k = 2;
  const auto three_columns = [&](FeatureCounterfactualOptions o) {
    FeatureCounterfactual search(MakeFeatureSpace(kNames, c.background, c.row, {}), c.row, c.others,
                                 o);
    for (RowBatch rows = search.next(); rows.rows() > 0; rows = search.next()) {
      RowMatrixF out(rows.rows(), 3);
      for (Eigen::Index r = 0; r < rows.rows(); ++r) {
        const double score = kLinear(rows.row(r).transpose());
        out.row(r) << static_cast<float>(-score), static_cast<float>(score), 0.0f;
      }
      search.tell(ConstMatrixView(out.data(), out.rows(), 3));
    }
    return search.result();
  };
  FeatureCounterfactualOptions second = options;
  second.column = 1;
  EXPECT_EQ(three_columns(second), Explain(c, {}, options, kLinear));
  try {
    three_columns(options);
    FAIL() << "an output of three columns needs one chosen";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "the model's output has 3 columns (a class or a target each): choose one with "
                 "--column (JS: `column`) (0 to 2)");
  }
}

TEST(FeatureCounterfactual, SettingsAreReadByNameAndMisspeltOnesRefused) {
  const auto options = FeatureCounterfactualOptionsFromJson({{"k", 5},
                                                             {"goal", "leave"},
                                                             {"count", 2},
                                                             {"max_changes", 4},
                                                             {"budget", 900},
                                                             {"column", 1}},
                                                            {});
  EXPECT_EQ(options.column, 1);
  EXPECT_EQ(FeatureCounterfactualOptionsFromJson({}, {}).column, -1);
  EXPECT_EQ(options.k, 5);
  EXPECT_EQ(options.goal, RankGoal::kLeave);
  EXPECT_EQ(options.count, 2);
  EXPECT_EQ(options.max_changes, 4);
  EXPECT_EQ(options.budget, 900);
  try {
    FeatureCounterfactualOptionsFromJson({{"budgett", 64}}, {"feature_names"});
    FAIL() << "a misspelt setting must not pass";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "unknown setting 'budgett'; the valid ones are k, goal, count, max_changes, budget, "
              "column, ranges, immutable, steps, costs, grid_size, feature_names");
  }
  EXPECT_THROW(FeatureCounterfactualOptionsFromJson({{"goal", "up"}}, {}), std::invalid_argument);
}

}  // namespace
}  // namespace whyrec
