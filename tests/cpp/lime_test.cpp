#include "core/explain/local/lime.h"

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <random>

#include "core/explain/drive.h"
#include "core/explain/explainer_factory.h"
#include "core/explain/explanation_json.h"
#include "core/explain/local/lime_feature_selection.h"
#include "tests/cpp/test_rows.h"

namespace whyrec {
namespace {

using testing::FeatureNames;

RowMatrixF RandomRows(int n, int d, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  RowMatrixF rows(n, d);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < d; ++j) rows(i, j) = normal(rng) * static_cast<float>(j + 1);
  return rows;
}

Evaluate Linear(const Eigen::VectorXd& w, double b) {
  return [w, b](ConstMatrixView rows) {
    RowMatrixF out(rows.rows(), 1);
    out.col(0) = ((rows.cast<double>() * w).array() + b).cast<float>();
    return out;
  };
}

Evaluate Nonlinear() {
  return [](ConstMatrixView rows) {
    RowMatrixF out(rows.rows(), 1);
    for (Eigen::Index i = 0; i < rows.rows(); ++i) {
      out(i, 0) = std::tanh(rows(i, 0)) + 2.0f * (rows(i, 1) > 0.5f) + 0.01f * rows(i, 2);
    }
    return out;
  };
}

Explanation ExplainWith(const nlohmann::ordered_json& settings, const Evaluate& f, int d = 4) {
  const Background bg = Background::Uniform(RandomRows(200, d, 1));
  const Eigen::VectorXf x = RandomRows(1, d, 2).row(0).transpose();
  auto job = MakeExplainer("lime", settings, Schema::FromNames(FeatureNames(d)), x, bg);
  return Drive(*job, f);
}

TEST(Lime, RecoversTheCoefficientsOfALinearModelWithoutDiscretization) {
  const Eigen::VectorXd w = (Eigen::VectorXd(4) << 0.5, -1.25, 2.0, 0.0).finished();
  const Explanation e = ExplainWith(
      {{"discretizer", "none"}, {"feature_selection", "none"}, {"seed", 3}}, Linear(w, 0.3));
  const RowMatrixF bg = RandomRows(200, 4, 1);
  const Eigen::ArrayXd mean = bg.cast<double>().colwise().mean();
  const Eigen::ArrayXd sd =
      ((bg.cast<double>().rowwise() - mean.matrix().transpose()).array().square().colwise().mean())
          .sqrt();
  for (int j = 0; j < 4; ++j) {
    // The surrogate sees standardized features: its weight is the coefficient times the sd.
    const double weight = e.extra["weights"][j].get<double>();
    EXPECT_NEAR(weight / sd[j], w[j], 2e-3 * (1 + std::abs(w[j]))) << "feature " << j;
  }
  EXPECT_GT(e.extra["score"].get<double>(), 0.9999);
  EXPECT_NEAR(e.extra["local_prediction"].get<double>(), e.model_output[0], 1e-2);
  EXPECT_NEAR(e.base_value[0], 0.3 + w.dot(mean.matrix()), 1e-4);
  EXPECT_EQ(e.extra["conditions"][0].get<std::string>().rfind("f0 = ", 0), 0u);
}

TEST(Lime, InterceptPlusValuesIsTheLocalPrediction) {
  const Explanation e = ExplainWith({{"seed", 5}}, Nonlinear());
  EXPECT_NEAR(e.extra["intercept"].get<double>() + e.values.sum(),
              e.extra["local_prediction"].get<double>(), 1e-9);
  const double r2 = e.extra["score"].get<double>();
  EXPECT_GT(r2, 0.0);
  EXPECT_LE(r2, 1.0);
  EXPECT_EQ(e.evaluations, 5000 + 200);
  EXPECT_EQ(e.settings["num_features"], 4);
  EXPECT_NEAR(e.settings["kernel_width"].get<double>(), 0.75 * 2.0, 1e-12);
  // The step at f1 > 0.5 dominates: its bin indicator gets the largest weight.
  Eigen::Index largest;
  e.values.row(0).cwiseAbs().maxCoeff(&largest);
  EXPECT_EQ(largest, 1);
}

TEST(Lime, QuartileConditionsDescribeTheInstancesBin) {
  const Explanation e = ExplainWith({{"seed", 5}}, Nonlinear());
  for (int j = 0; j < 4; ++j) {
    const std::string condition = e.extra["conditions"][j];
    EXPECT_NE(condition.find("f" + std::to_string(j)), std::string::npos) << condition;
    EXPECT_TRUE(condition.find("<=") != std::string::npos ||
                condition.find(">") != std::string::npos)
        << condition;
  }
}

TEST(Lime, SameSeedSameResultOtherSeedOtherResult) {
  const Explanation a = ExplainWith({{"seed", 9}}, Nonlinear());
  const Explanation b = ExplainWith({{"seed", 9}}, Nonlinear());
  const Explanation c = ExplainWith({{"seed", 10}}, Nonlinear());
  EXPECT_EQ(a.values, b.values);
  EXPECT_EQ(a.extra, b.extra);
  EXPECT_NE(a.values, c.values);
}

TEST(Lime, EveryFeatureSelectionFindsTheTwoFeaturesThatMatter) {
  const Eigen::VectorXd w = (Eigen::VectorXd(6) << 0.0, 3.0, 0.0, 0.0, -2.0, 0.0).finished();
  for (const std::string method : {"forward_selection", "highest_weights", "lasso_path", "auto"}) {
    const Explanation e = ExplainWith(
        {{"discretizer", "none"}, {"feature_selection", method}, {"num_features", 2}, {"seed", 1}},
        Linear(w, 0), 6);
    auto used = e.extra["features_used"].get<std::vector<std::string>>();
    std::sort(used.begin(), used.end());
    EXPECT_EQ(used, (std::vector<std::string>{"f1", "f4"})) << method;
    EXPECT_EQ(e.values(0, 0), 0.0) << method;
  }
}

TEST(LarsLassoPath, EveryBreakpointSatisfiesTheLassoOptimalityConditions) {
  std::mt19937 rng(12);
  std::normal_distribution<double> normal(0.0, 1.0);
  Eigen::MatrixXd x(60, 8);
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = normal(rng);
  x.col(3) = 0.8 * x.col(1) + 0.2 * x.col(3);  // correlated columns make variables leave the path
  Eigen::VectorXd y = x * (Eigen::VectorXd(8) << 2, -1, 0, 1.5, 0, 0.5, 0, -0.25).finished();
  for (Eigen::Index i = 0; i < y.size(); ++i) y[i] += 0.5 * normal(rng);
  x = x.rowwise() - x.colwise().mean();
  y = y.array() - y.mean();
  const std::vector<Eigen::VectorXd> path = LarsLassoPath(x, y);
  ASSERT_GE(path.size(), 9u);
  for (const Eigen::VectorXd& beta : path) {
    // At penalty lambda = max |x_j' r|: active coefficients have x_j' r = lambda sign(beta_j).
    const Eigen::VectorXd correlation = x.transpose() * (y - x * beta);
    const double lambda = correlation.cwiseAbs().maxCoeff();
    for (Eigen::Index j = 0; j < beta.size(); ++j) {
      if (beta[j] != 0) {
        EXPECT_NEAR(correlation[j], beta[j] > 0 ? lambda : -lambda, 1e-8 * (1 + lambda));
      }
    }
  }
  const Eigen::VectorXd least_squares = x.colPivHouseholderQr().solve(y);
  EXPECT_LT((path.back() - least_squares).cwiseAbs().maxCoeff(), 1e-8);
}

TEST(Lime, DecileDiscretizerHasFinerBins) {
  const Explanation e = ExplainWith({{"discretizer", "decile"}, {"seed", 2}}, Nonlinear());
  EXPECT_EQ(e.settings["discretizer"], "decile");
  EXPECT_EQ(e.extra["conditions"].size(), 4u);
}

TEST(Lime, ExtraFieldsBecomePerRowArraysInJson) {
  const Explanation e = ExplainWith({{"seed", 5}}, Nonlinear());
  const auto json = ExplanationsToJson({e, e}, "y");
  EXPECT_EQ(json["method"], "lime");
  ASSERT_EQ(json["intercept"].size(), 2u);
  EXPECT_EQ(json["intercept"][0], e.extra["intercept"]);
  EXPECT_EQ(json["conditions"][1].size(), 4u);
  EXPECT_EQ(json["seed"], 5);
}

TEST(Lime, BadSettingsGetClearErrors) {
  const auto message = [](const nlohmann::ordered_json& settings) {
    try {
      ExplainWith(settings, Nonlinear());
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(
      message({{"num_features", 5}}).find("'num_features' must be an integer >= 1 and <= 4, got 5"),
      std::string::npos);
  EXPECT_NE(message({{"discretizer", "octile"}}).find("'discretizer' must be one of quartile"),
            std::string::npos);
  EXPECT_NE(message({{"feature_selection", "best"}}).find("'feature_selection'"),
            std::string::npos);
  EXPECT_NE(message({{"num_samples", 1}}).find("'num_samples'"), std::string::npos);
  EXPECT_EQ(message({{"kernel_width", -1}}),
            "setting 'kernel_width' must be a positive number, got -1.0");
  EXPECT_NE(message({{"seed", -1}}).find("'seed'"), std::string::npos);
}

TEST(Lime, ConstantColumnsAndAOneRowBackgroundStillExplain) {
  RowMatrixF rows = RandomRows(30, 3, 4);
  rows.col(1).setConstant(2.0f);
  const Eigen::VectorXf x = (Eigen::VectorXf(3) << 0.5f, 7.0f, -30.0f).finished();
  for (const Background& bg : {Background::Uniform(rows), Background::Uniform(rows.topRows(1))}) {
    for (const std::string discretizer : {"quartile", "none"}) {
      auto job = MakeExplainer("lime", {{"discretizer", discretizer}},
                               Schema::FromNames(FeatureNames(3)), x, bg);
      const Explanation e = Drive(*job, Nonlinear());
      EXPECT_TRUE(e.values.allFinite()) << discretizer;
      EXPECT_TRUE(std::isfinite(e.extra["score"].get<double>())) << discretizer;
    }
  }
}

TEST(Lime, FitsOneSurrogatePerModelOutput) {
  const Evaluate two = [](ConstMatrixView rows) {
    RowMatrixF out(rows.rows(), 2);
    out.col(0) = 3.0f * rows.col(0);
    out.col(1) = -2.0f * rows.col(3);
    return out;
  };
  const Explanation e = ExplainWith(
      {{"discretizer", "none"}, {"feature_selection", "forward_selection"}, {"num_features", 1}},
      two);
  ASSERT_EQ(e.values.rows(), 2);
  EXPECT_EQ(e.extra["features_used"][0], nlohmann::ordered_json({"f0"}));
  EXPECT_EQ(e.extra["features_used"][1], nlohmann::ordered_json({"f3"}));
  EXPECT_EQ(e.extra["intercept"].size(), 2u);
  EXPECT_GT(e.extra["score"][1].get<double>(), 0.999);
}

TEST(Lime, RejectsGroupedPlayers) {
  const Background bg = Background::Uniform(RandomRows(20, 3, 1));
  const Schema schema = Schema::FromNames(FeatureNames(3)).WithGroups({{"g", {"f0", "f1"}}});
  EXPECT_THROW(Lime(schema, Eigen::VectorXf::Zero(3), bg), std::invalid_argument);
}

}  // namespace
}  // namespace whyrec
