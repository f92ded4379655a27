#include "core/explain/attribution/integrated_gradients.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/explain/drive.h"
#include "core/explain/sequence/history_gradients.h"

namespace whyrec {
namespace {

// f(x) = (x0 + x1) * x2 + 0.5 x3^2. From a zero baseline along x(a) = a x, the integrand of
// each player is linear or quadratic in a, so the midpoint rule and central differences are
// exact: players {0, 1} and {2} each get (x0 + x1) x2 / 2, {3} gets x3^2 / 2.
double Quadratic(const float* x) { return (x[0] + x[1]) * x[2] + 0.5 * x[3] * x[3]; }

Evaluate QuadraticModel() {
  return [](ConstMatrixView rows) {
    RowMatrixF out(rows.rows(), 1);
    for (Eigen::Index r = 0; r < rows.rows(); ++r) out(r, 0) = Quadratic(rows.row(r).data());
    return out;
  };
}

TEST(IntegratedGradients, MatchesTheClosedFormAndIsComplete) {
  const Eigen::VectorXf x = (Eigen::VectorXf(4) << 1.0f, 0.5f, 2.0f, -1.5f).finished();
  IntegratedGradientsOptions options;
  options.steps = 4;
  options.max_batch_rows = 5;  // several batches
  IntegratedGradients job({{"ab", {0, 1}}, {"c", {2}}, {"d", {3}}}, x, Eigen::VectorXf::Zero(4),
                          options);
  const Explanation e = Drive(job, QuadraticModel());
  EXPECT_NEAR(e.values(0, 0), 1.5, 1e-4);
  EXPECT_NEAR(e.values(0, 1), 1.5, 1e-4);
  EXPECT_NEAR(e.values(0, 2), 1.125, 1e-4);
  EXPECT_EQ(e.evaluations, 2 + 4 * 3 * 2);
  EXPECT_NEAR(e.model_output[0], Quadratic(x.data()), 1e-6);
  EXPECT_NEAR(e.base_value[0], 0, 1e-6);
  EXPECT_LT(e.extra["completeness_error"].get<double>(), 1e-4);
  EXPECT_THROW(
      IntegratedGradients({{"a", {0}}}, Eigen::VectorXf::Ones(2), Eigen::VectorXf::Zero(3)),
      std::invalid_argument);
}

TEST(IntegratedGradients, ReportsItsCompletenessErrorOnCurvedModels) {
  // exp is not polynomial: a few steps leave a completeness error the result must report.
  const Evaluate model = [](ConstMatrixView rows) {
    RowMatrixF out(rows.rows(), 1);
    for (Eigen::Index r = 0; r < rows.rows(); ++r) out(r, 0) = std::exp(rows(r, 0) * rows(r, 1));
    return out;
  };
  const Eigen::VectorXf x = (Eigen::VectorXf(2) << 2.0f, 1.5f).finished();
  double previous = 1e9;
  for (int steps : {2, 8, 32}) {
    IntegratedGradientsOptions options;
    options.steps = steps;
    IntegratedGradients job({{"a", {0}}, {"b", {1}}}, x, Eigen::VectorXf::Zero(2), options);
    const Explanation e = Drive(job, model);
    const double reported = e.extra["completeness_error"].get<double>();
    EXPECT_NEAR(reported, std::abs(e.values.sum() - (std::exp(3.0) - 1)), 1e-3);
    EXPECT_LT(reported, previous);
    previous = reported;
  }
  EXPECT_LT(previous, 0.05);
}

TEST(HistoryGradients, PlayersAreTheItemsEmbeddingsAtTheirPositions) {
  // L = 3, d = 2, one item padded on the left: item i's columns are its position's two.
  nlohmann::ordered_json config = {{"history_length", 3}, {"target", 1}, {"steps", 4}};
  const std::vector<float> embeddings = {0, 0, 1, 2, 3, -1};
  HistoryGradients job(config, {4, 6}, embeddings);
  EXPECT_EQ(job.ids(), (IdBatch(1, 3) << 0, 4, 6).finished());
  // Scores: item 1's score is x2 * x4 + x3 (columns of positions 1 and 2), item 0's zero.
  for (RowBatch rows = job.next(); rows.rows() > 0; rows = job.next()) {
    RowMatrixF scores = RowMatrixF::Zero(rows.rows(), 2);
    for (Eigen::Index r = 0; r < rows.rows(); ++r) {
      scores(r, 1) = rows(r, 2) * rows(r, 4) + rows(r, 3);
    }
    job.tell(ConstMatrixView(scores.data(), scores.rows(), 2));
  }
  const Explanation e = job.result();
  EXPECT_NEAR(e.values(0, 0), 1.5 + 2, 1e-4);  // x2 x4 / 2 + x3
  EXPECT_NEAR(e.values(0, 1), 1.5, 1e-4);
  EXPECT_EQ(e.player_names, (std::vector<std::string>{"item 4", "item 6"}));
  EXPECT_THROW(HistoryGradients(config, {4, 6}, {1, 2, 3, 4}), std::invalid_argument);
}

}  // namespace
}  // namespace whyrec
