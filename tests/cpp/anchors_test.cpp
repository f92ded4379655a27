#include "core/explain/local/anchors.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <set>

#include "core/explain/drive.h"
#include "core/explain/explainer_factory.h"
#include "tests/cpp/test_rows.h"

namespace whyrec {
namespace {

using testing::FeatureNames;

RowMatrixF UniformRows(int n, int d, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  RowMatrixF rows(n, d);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < d; ++j) rows(i, j) = uniform(rng);
  return rows;
}

Evaluate Rowwise(std::function<float(const Eigen::RowVectorXf&)> f) {
  return [f](ConstMatrixView rows) {
    RowMatrixF out(rows.rows(), 1);
    for (Eigen::Index i = 0; i < rows.rows(); ++i) out(i, 0) = f(rows.row(i));
    return out;
  };
}

// A click probability that depends on f2 only.
const auto kOnlyF2 = Rowwise([](const Eigen::RowVectorXf& x) { return x[2] > 0.1f ? 0.9f : 0.2f; });

const Eigen::VectorXf kInstance = (Eigen::VectorXf(4) << 0.1f, -0.4f, 0.8f, 0.3f).finished();

Explanation ExplainWith(const nlohmann::ordered_json& settings, const Evaluate& f) {
  const Background bg = Background::Uniform(UniformRows(400, 4, 1));
  auto job = MakeExplainer("anchors", settings, Schema::FromNames(FeatureNames(4)), kInstance, bg);
  return Drive(*job, f);
}

TEST(Anchors, TheAnchorOfAOneFeatureModelIsThatFeature) {
  const Explanation e = ExplainWith({{"seed", 1}}, kOnlyF2);
  EXPECT_TRUE(e.extra["anchor_found"].get<bool>());
  ASSERT_GE(e.extra["conditions"].size(), 1u);
  for (const auto& condition : e.extra["conditions"]) EXPECT_EQ(condition["feature"], "f2");
  EXPECT_EQ(e.extra["prediction"], 1);
  EXPECT_GE(e.extra["precision"].get<double>(), 0.95);
  EXPECT_LE(e.extra["precision_lower_bound"].get<double>(), e.extra["precision"].get<double>());
  EXPECT_EQ(e.values.row(0), (Eigen::RowVectorXd(4) << 0, 0, 1, 0).finished());
  EXPECT_EQ(e.extra["anchor"].get<std::string>().rfind("f2 > ", 0), 0u) << e.extra["anchor"];
  EXPECT_NEAR(e.model_output[0], 0.9, 1e-6);
}

TEST(Anchors, ReportedCoverageIsADirectCountWithTheRulesOperators) {
  const Background bg = Background::Uniform(UniformRows(400, 4, 1));
  const auto f = Rowwise([](const Eigen::RowVectorXf& x) {
    return x[0] + x[1] > -0.5f && x[3] > -0.5f ? 0.8f : 0.1f;
  });
  AnchorsOptions options;
  options.seed = 4;
  Anchors job(Schema::FromNames(FeatureNames(4)), kInstance, bg, options);
  const Explanation e = Drive(job, f);
  ASSERT_FALSE(e.extra["conditions"].empty());
  int64_t count = 0;
  const RowMatrixF& rows = job.coverage_rows();
  for (Eigen::Index r = 0; r < rows.rows(); ++r) {
    bool holds = true;
    for (const auto& c : e.extra["conditions"]) {
      const double x = rows(r, std::stoi(c["feature"].get<std::string>().substr(1)));
      const double value = c["value"];
      holds = holds && (c["op"] == "<=" ? x <= value : c["op"] == ">" ? x > value : x == value);
    }
    count += holds;
  }
  EXPECT_EQ(rows.rows(), 10000);
  EXPECT_DOUBLE_EQ(e.extra["coverage"].get<double>(), static_cast<double>(count) / 10000);
  EXPECT_LT(e.extra["coverage"].get<double>(), 1.0);
}

TEST(Anchors, AnEmptyRuleWhenEveryRowHasThePrediction) {
  const Explanation e =
      ExplainWith({{"seed", 1}}, Rowwise([](const Eigen::RowVectorXf&) { return 0.7f; }));
  EXPECT_TRUE(e.extra["anchor_found"].get<bool>());
  EXPECT_EQ(e.extra["anchor"], "");
  EXPECT_EQ(e.extra["coverage"], 1.0);
  EXPECT_EQ(e.extra["precision"], 1.0);
}

TEST(Anchors, FlagsWhenNoRuleReachesTheThreshold) {
  // The prediction flips with the finest digits of f0: no percentile rule holds it.
  const auto noise = Rowwise(
      [](const Eigen::RowVectorXf& x) { return std::sin(3000.0f * x[0]) > 0 ? 0.9f : 0.1f; });
  const Explanation e = ExplainWith({{"seed", 2}, {"max_anchor_size", 2}}, noise);
  EXPECT_FALSE(e.extra["anchor_found"].get<bool>());
  EXPECT_FALSE(e.extra["conditions"].empty());
  EXPECT_LT(e.extra["precision"].get<double>(), 0.95);
}

TEST(Anchors, SameSeedSameRule) {
  const auto f =
      Rowwise([](const Eigen::RowVectorXf& x) { return x[0] * x[2] > -0.1f ? 1.f : 0.f; });
  const Explanation a = ExplainWith({{"seed", 8}}, f);
  const Explanation b = ExplainWith({{"seed", 8}}, f);
  EXPECT_EQ(a.extra, b.extra);
  EXPECT_EQ(a.evaluations, b.evaluations);
}

TEST(Anchors, ConstantColumnsAndAOneRowBackgroundStillExplain) {
  RowMatrixF rows = UniformRows(30, 4, 4);
  rows.col(1).setConstant(2.0f);
  for (const Background& bg : {Background::Uniform(rows), Background::Uniform(rows.topRows(1))}) {
    auto job =
        MakeExplainer("anchors", {{"seed", 1}}, Schema::FromNames(FeatureNames(4)), kInstance, bg);
    const Explanation e = Drive(*job, kOnlyF2);
    const double coverage = e.extra["coverage"];
    EXPECT_GE(coverage, 0.0);
    EXPECT_LE(coverage, 1.0);
  }
}

TEST(Anchors, WithSeveralOutputsThePredictionIsTheLargestOne) {
  const Evaluate scores = [](ConstMatrixView rows) {
    RowMatrixF out(rows.rows(), 3);
    for (Eigen::Index i = 0; i < rows.rows(); ++i) {
      out.row(i) << 0.0f, rows(i, 2), 0.5f - rows(i, 2);  // class 1 when f2 > 0.25
    }
    return out;
  };
  const Explanation e = ExplainWith({{"seed", 3}}, scores);
  EXPECT_EQ(e.extra["prediction"], 1);
  EXPECT_TRUE(e.extra["anchor_found"].get<bool>());
  for (const auto& condition : e.extra["conditions"]) EXPECT_EQ(condition["feature"], "f2");
  EXPECT_EQ(e.values.rows(), 3);
}

TEST(Anchors, ARuleThatOneBackgroundRowSupportsIsNotCalledFound) {
  // Only the planted row has f0 > 0.9, the model's whole positive region: a rule reaches
  // precision 0.95 only by borrowing its features from that one row (near-copies of it).
  RowMatrixF rows = UniformRows(200, 4, 11);
  for (Eigen::Index r = 0; r < rows.rows(); ++r) rows(r, 0) = std::min(rows(r, 0), 0.85f);
  rows.row(0).setConstant(0.95f);
  const Eigen::VectorXf instance = Eigen::VectorXf::Constant(4, 0.95f);
  const auto f0 = Rowwise([](const Eigen::RowVectorXf& x) { return x[0] > 0.9f ? 0.9f : 0.1f; });
  const auto explain = [&](const nlohmann::ordered_json& settings) {
    auto job = MakeExplainer("anchors", settings, Schema::FromNames(FeatureNames(4)), instance,
                             Background::Uniform(rows));
    return Drive(*job, f0);
  };
  const Explanation unchecked = explain({{"seed", 1}, {"min_support", 1}});
  EXPECT_TRUE(unchecked.extra["anchor_found"].get<bool>()) << unchecked.extra.dump();
  EXPECT_LT(unchecked.extra["support"].get<int64_t>(), 10);

  const Explanation checked = explain({{"seed", 1}});
  EXPECT_FALSE(checked.extra["anchor_found"].get<bool>()) << checked.extra.dump();
  EXPECT_GE(checked.extra["support"].get<int64_t>(), 10);
  EXPECT_NE(checked.extra["warning"].get<std::string>().find("a larger background"),
            std::string::npos);
  EXPECT_EQ(checked.settings["min_support"], 10);
}

TEST(Anchors, SupportCountsDistinctBackgroundRowsThatSatisfyTheRule) {
  RowMatrixF rows = UniformRows(400, 4, 1);
  rows.bottomRows(100) = rows.topRows(100);  // duplicates lend nothing new
  const Background bg = Background::Uniform(rows);
  auto job =
      MakeExplainer("anchors", {{"seed", 1}}, Schema::FromNames(FeatureNames(4)), kInstance, bg);
  const Explanation e = Drive(*job, kOnlyF2);
  ASSERT_TRUE(e.extra["anchor_found"].get<bool>());
  std::set<std::vector<float>> distinct;
  for (Eigen::Index r = 0; r < rows.rows(); ++r) {
    bool holds = true;
    for (const auto& c : e.extra["conditions"]) {
      const double x = rows(r, std::stoi(c["feature"].get<std::string>().substr(1)));
      const double value = c["value"];
      holds = holds && (c["op"] == "<=" ? x <= value : c["op"] == ">" ? x > value : x == value);
    }
    if (holds) distinct.insert(std::vector<float>(rows.row(r).begin(), rows.row(r).end()));
  }
  EXPECT_EQ(e.extra["support"].get<size_t>(), distinct.size());
  EXPECT_FALSE(e.extra.contains("warning"));
}

TEST(Anchors, ConditionsOnOneFeatureMergeIntoOneInterval) {
  using Op = Predicate::Op;
  const std::vector<Predicate> rule = {{0, Op::kGreater, -0.5},
                                       {0, Op::kGreater, 0.0174},
                                       {0, Op::kLessEqual, 0.191575},
                                       {0, Op::kLessEqual, 0.06565},
                                       {1, Op::kEqual, 2}};
  const std::vector<Predicate> merged = MergeConditions(rule);
  ASSERT_EQ(merged.size(), 3u);
  EXPECT_EQ(merged[0].value, 0.0174);
  EXPECT_EQ(merged[1].value, 0.06565);
  const Schema schema = Schema::FromNames({"category_affinity", "channel"});
  EXPECT_EQ(RuleText(merged, schema), "0.0174 < category_affinity <= 0.06565 AND channel = 2");
  EXPECT_EQ(RuleText({rule[3]}, schema), "category_affinity <= 0.06565");
}

TEST(Anchors, BadSettingsGetClearErrors) {
  const auto message = [](const nlohmann::ordered_json& settings) {
    try {
      ExplainWith(settings, kOnlyF2);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message({{"threshold", 1.5}}), "setting 'threshold' must be in (0, 1), got 1.5");
  EXPECT_EQ(message({{"threshold", 0}}), "setting 'threshold' must be in (0, 1), got 0.0");
  EXPECT_EQ(message({{"delta", 1}}), "setting 'delta' must be in (0, 1), got 1.0");
  EXPECT_NE(message({{"batch_size", 0}}).find("'batch_size'"), std::string::npos);
  EXPECT_NE(message({{"threshold", "high"}}).find("'threshold'"), std::string::npos);
}

}  // namespace
}  // namespace whyrec
