#include "core/explain/pairwise_probability.h"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/explain/contrast.h"
#include "core/explain/drive.h"
#include "core/explain/explainer_factory.h"
#include "tests/cpp/game_shapley.h"
#include "tests/cpp/test_rows.h"

namespace whyrec {
namespace {

constexpr int kWidth = 4;

float Score(const float* x) { return 2.0f * std::tanh(x[0] * x[1]) + x[2] * x[2] - 1.5f * x[3]; }

double Sigmoid(double margin) { return 1.0 / (1.0 + std::exp(-margin)); }

RowMatrixF Scores(ConstMatrixView rows) {
  RowMatrixF out(rows.rows(), 1);
  for (Eigen::Index i = 0; i < rows.rows(); ++i) out(i, 0) = Score(rows.row(i).data());
  return out;
}

struct Case {
  Schema schema = Schema::FromNames(testing::FeatureNames(kWidth));
  RowMatrixF rows = testing::RandomRows(6, kWidth, 5);
  Background background = Background::Uniform(rows.topRows(4));
  Eigen::VectorXf a = rows.row(4).transpose();
  Eigen::VectorXf b = rows.row(5).transpose();

  Explanation Explain(const std::string& method, nlohmann::ordered_json settings = {}) const {
    if (settings.is_null()) settings = nlohmann::ordered_json::object();
    PairwiseProbability job(method, settings, schema, a, b, background);
    return Drive(job, Scores);
  }

  // v(S) by its definition, from the model: present features take A's value in A and B's in B,
  // absent ones the same background row's in both.
  Eigen::VectorXd Game(unsigned s) const {
    double v = 0;
    for (int k = 0; k < background.size(); ++k) {
      Eigen::VectorXf in_a = background.rows().row(k).transpose(), in_b = in_a;
      for (int j = 0; j < kWidth; ++j) {
        if ((s >> j) & 1) {
          in_a[j] = a[j];
          in_b[j] = b[j];
        }
      }
      v += background.weights()[k] * Sigmoid(Score(in_a.data()) - Score(in_b.data()));
    }
    return Eigen::VectorXd::Constant(1, v);
  }
};

TEST(PairwiseProbability, ExactEqualsTheBruteForceShapleyValuesOfTheGame) {
  const Case c;
  const Explanation e = c.Explain("exact");
  const Eigen::MatrixXd expected =
      testing::GameShapley([&](unsigned s) { return c.Game(s); }, kWidth, 1);
  testing::ExpectMatrixNear(e.values, expected, 1e-6, "values");
  EXPECT_DOUBLE_EQ(e.base_value[0], 0.5);
  const double probability = Sigmoid(Score(c.a.data()) - Score(c.b.data()));
  EXPECT_NEAR(e.model_output[0], probability, 1e-6);
  // Efficiency: the values add up from 1/2 to P(A above B).
  EXPECT_NEAR(e.values.sum(), probability - 0.5, 1e-6);
  EXPECT_EQ(e.settings["contrast_output"], "prob");
  EXPECT_EQ(e.player_names, c.schema.player_names());
  // Two model rows (A's and B's) per background row of each of the 2^4 coalitions.
  EXPECT_EQ(e.evaluations, 2 * 16 * 4);
}

// The sigmoid is not linear: neither the sigmoid of the margin explanation's running sums nor
// the margin values rescaled to add up to the probability are the game's values.
TEST(PairwiseProbability, IsNotATransformOfTheMarginContrast) {
  const Case c;
  const Explanation e = c.Explain("exact");
  const auto exact_of = [&](const Eigen::VectorXf& row) {
    const auto job =
        MakeExplainer("exact", nlohmann::ordered_json::object(), c.schema, row, c.background);
    return Drive(*job, Scores);
  };
  const Explanation margin = Contrast(exact_of(c.a), exact_of(c.b), 5);
  const double total = margin.values.sum();
  const Eigen::MatrixXd rescaled = margin.values * (e.values.sum() / total);
  EXPECT_GT((e.values - rescaled).cwiseAbs().maxCoeff(), 1e-3);
  Eigen::MatrixXd sigmoid_of_values(1, kWidth);
  for (int j = 0; j < kWidth; ++j) sigmoid_of_values(0, j) = Sigmoid(margin.values(0, j)) - 0.5;
  EXPECT_GT((e.values - sigmoid_of_values).cwiseAbs().maxCoeff(), 1e-3);
}

TEST(PairwiseProbability, SampledMethodsAreEfficientSeededAndCloseToExact) {
  const Case c;
  const Explanation exact = c.Explain("exact");
  for (const char* method : {"kernel", "permutation"}) {
    const nlohmann::ordered_json settings = {{"seed", 7}, {"budget", 64}};
    const Explanation e = c.Explain(method, settings);
    EXPECT_NEAR(e.values.sum(), exact.model_output[0] - 0.5, 1e-6) << method;
    testing::ExpectMatrixNear(e.values, exact.values, 0.02, method);
    testing::ExpectMatrixNear(c.Explain(method, settings).values, e.values, 0.0, method);
  }
}

// Groups are players in both halves: one player over columns 0 and 1.
TEST(PairwiseProbability, GroupsOwnTheirColumnsInBothRows) {
  Case c;
  c.schema = c.schema.WithGroups({{"pair", {"f0", "f1"}}});
  const Explanation e = c.Explain("exact");
  const auto game = [&](unsigned s) {
    // Players: pair (columns 0, 1), f2, f3.
    const unsigned columns = (s & 1 ? 3u : 0u) | ((s >> 1) << 2);
    return c.Game(columns);
  };
  testing::ExpectMatrixNear(e.values, testing::GameShapley(game, 3, 1), 1e-6, "grouped values");
  EXPECT_EQ(e.player_names, (std::vector<std::string>{"pair", "f2", "f3"}));
}

TEST(PairwiseProbability, RefusesMethodsThatAreNotModelAgnosticShapley) {
  const Case c;
  for (const char* method : {"additive", "lime", "tree"}) {
    try {
      c.Explain(method);
      ADD_FAILURE() << method;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("exact, kernel, permutation"), std::string::npos)
          << e.what();
    }
  }
  EXPECT_THROW(PairwiseProbability("exact", nlohmann::ordered_json::object(), c.schema, c.a,
                                   Eigen::VectorXf::Zero(3), c.background),
               std::invalid_argument);
}

}  // namespace
}  // namespace whyrec
