#include "core/explain/shapley/exact_shapley.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/explain/drive.h"
#include "tests/cpp/shapley_reference.h"
#include "tests/cpp/test_rows.h"

namespace whyrec {
namespace {

using testing::PermutationShapley;
using testing::ScalarModel;
using testing::SinglePlayers;

using testing::RandomRows;

// Evaluates a scalar model row by row, the way a test stands in for a real model.
Evaluate Rowwise(const ScalarModel& f) {
  return [f](ConstMatrixView rows) {
    RowMatrixF out(rows.rows(), 1);
    for (Eigen::Index i = 0; i < rows.rows(); ++i) {
      out(i, 0) = static_cast<float>(f(rows.row(i).cast<double>().transpose()));
    }
    return out;
  };
}

Explanation Explain(const ScalarModel& f, const Schema& schema, const Eigen::VectorXf& x,
                    const Background& bg, int64_t max_batch_rows = 65536) {
  ExactShapleyOptions options;
  options.max_batch_rows = max_batch_rows;
  ExactShapley job(schema, x, bg, options);
  return Drive(job, Rowwise(f));
}

// Values computed in float32 by the "model": inputs and outputs are representable exactly.
const ScalarModel kNonlinear = [](const Eigen::VectorXd& v) {
  return std::tanh(v[0] * v[1]) + 0.5 * v[2] * v[2] - v[3] * (v[4] > 0) + 0.25 * v[0];
};

TEST(ExactShapley, LinearModelHasClosedFormValuesWithWeightedBackground) {
  const int d = 5;
  const Eigen::VectorXd w = (Eigen::VectorXd(d) << 0.5, -1.25, 2.0, 0.0, 0.75).finished();
  const ScalarModel f = [&](const Eigen::VectorXd& v) { return 0.3 + w.dot(v); };
  const RowMatrixF rows = RandomRows(7, d, 1);
  const Eigen::VectorXd weights = (Eigen::VectorXd(7) << 1, 2, 3, 4, 5, 6, 7).finished();
  const Background bg(rows, weights);
  const Eigen::VectorXf x = RandomRows(1, d, 2).row(0).transpose();
  const Explanation e = Explain(f, Schema::FromNames(testing::FeatureNames(d)), x, bg);
  const Eigen::VectorXd mean = rows.cast<double>().transpose() * weights / weights.sum();
  for (int j = 0; j < d; ++j) {
    EXPECT_NEAR(e.values(0, j), w[j] * (x[j] - mean[j]), 1e-5) << "feature " << j;
  }
  EXPECT_NEAR(e.base_value[0], 0.3 + w.dot(mean), 1e-5);
}

TEST(ExactShapley, MatchesPermutationBruteForce) {
  const int d = 5;
  const RowMatrixF rows = RandomRows(6, d, 3);
  const Eigen::VectorXd weights = Eigen::VectorXd::LinSpaced(6, 1.0, 2.0);
  const Eigen::VectorXf x = RandomRows(1, d, 4).row(0).transpose();
  const Explanation e = Explain(kNonlinear, Schema::FromNames(testing::FeatureNames(d)), x,
                                Background(rows, weights));
  const Eigen::VectorXd expected = PermutationShapley(
      kNonlinear, x.cast<double>(), rows.cast<double>(), weights, SinglePlayers(d));
  for (int j = 0; j < d; ++j) EXPECT_NEAR(e.values(0, j), expected[j], 1e-6) << "feature " << j;
}

TEST(ExactShapley, EfficiencyHoldsToRoundingOfToldOutputs) {
  const int d = 10;
  const RowMatrixF rows = RandomRows(20, d, 5);
  const Eigen::VectorXf x = RandomRows(1, d, 6).row(0).transpose();
  const Explanation e = Explain(kNonlinear, Schema::FromNames(testing::FeatureNames(d)), x,
                                Background::Uniform(rows));
  const double gap = e.values.sum() - (e.model_output[0] - e.base_value[0]);
  EXPECT_LE(std::abs(gap), 1e-9 * std::max(1.0, std::abs(e.model_output[0])));
  EXPECT_FLOAT_EQ(e.model_output[0], static_cast<float>(kNonlinear(x.cast<double>())));
}

TEST(ExactShapley, SymmetricPlayersGetEqualValues) {
  const ScalarModel f = [](const Eigen::VectorXd& v) { return v[0] * v[1] + std::sin(v[2]); };
  RowMatrixF rows(4, 3);
  rows << 0, 1, 2, 1, 0, 2, 2, 3, 0.5, 3, 2, 0.5;  // swapping columns 0 and 1 permutes rows
  const Eigen::VectorXf x = (Eigen::VectorXf(3) << 1.5f, 1.5f, 0.3f).finished();
  const Explanation e =
      Explain(f, Schema::FromNames(testing::FeatureNames(3)), x, Background::Uniform(rows));
  EXPECT_NEAR(e.values(0, 0), e.values(0, 1), 1e-12);
  EXPECT_GT(std::abs(e.values(0, 0)), 0.1);
}

TEST(ExactShapley, DummyPlayerGetsZero) {
  const ScalarModel f = [](const Eigen::VectorXd& v) { return v[0] * v[2] + v[1]; };
  const RowMatrixF rows = RandomRows(8, 4, 7);
  const Eigen::VectorXf x = RandomRows(1, 4, 8).row(0).transpose();
  const Explanation e =
      Explain(f, Schema::FromNames(testing::FeatureNames(4)), x, Background::Uniform(rows));
  EXPECT_EQ(e.values(0, 3), 0.0);
  EXPECT_NE(e.values(0, 0), 0.0);
}

TEST(ExactShapley, GroupEqualsShapleyValueOfTheMergedPlayer) {
  const int d = 5;
  const RowMatrixF rows = RandomRows(5, d, 9);
  const Eigen::VectorXd weights = Eigen::VectorXd::Ones(5);
  const Eigen::VectorXf x = RandomRows(1, d, 10).row(0).transpose();
  const Schema schema =
      Schema::FromNames(testing::FeatureNames(d)).WithGroups({{"f1+f3", {"f3", "f1"}}});
  const Explanation e = Explain(kNonlinear, schema, x, Background(rows, weights));
  ASSERT_EQ(e.player_names, (std::vector<std::string>{"f0", "f1+f3", "f2", "f4"}));
  const Eigen::VectorXd expected = PermutationShapley(
      kNonlinear, x.cast<double>(), rows.cast<double>(), weights, {{0}, {1, 3}, {2}, {4}});
  for (int g = 0; g < 4; ++g) EXPECT_NEAR(e.values(0, g), expected[g], 1e-6) << "player " << g;
}

TEST(ExactShapley, BatchSizeDoesNotChangeValues) {
  const RowMatrixF rows = RandomRows(9, 6, 11);
  const Eigen::VectorXf x = RandomRows(1, 6, 12).row(0).transpose();
  const Schema schema = Schema::FromNames(testing::FeatureNames(6));
  const Explanation one = Explain(kNonlinear, schema, x, Background::Uniform(rows), 1);
  const Explanation big = Explain(kNonlinear, schema, x, Background::Uniform(rows), 1 << 20);
  EXPECT_EQ(one.values, big.values);
  EXPECT_EQ(one.evaluations, 64 * 9);
}

TEST(ExactShapley, ExplainsEveryOutputColumn) {
  const RowMatrixF rows = RandomRows(4, 3, 13);
  const Eigen::VectorXf x = RandomRows(1, 3, 14).row(0).transpose();
  ExactShapley job(Schema::FromNames(testing::FeatureNames(3)), x, Background::Uniform(rows));
  const Explanation e = Drive(job, [](ConstMatrixView r) {
    RowMatrixF out(r.rows(), 2);
    out.col(0) = r.col(0).cwiseProduct(r.col(1));
    out.col(1) = 2 * r.col(2);
    return out;
  });
  ASSERT_EQ(e.values.rows(), 2);
  EXPECT_NEAR(e.values(1, 2), 2.0 * (x[2] - rows.col(2).cast<double>().mean()), 1e-6);
  EXPECT_NEAR(e.values(1, 0), 0.0, 1e-12);
}

TEST(ExactShapley, RefusesMoreThanTwentyPlayersAndSuggestsKernel) {
  const int d = 21;
  try {
    ExactShapley job(Schema::FromNames(testing::FeatureNames(d)), Eigen::VectorXf::Zero(d),
                     Background::Uniform(RowMatrixF::Zero(1, d)));
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("--method kernel"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("21"), std::string::npos) << e.what();
  }
}

TEST(ExactShapley, RejectsMisuseOfTheLoop) {
  ExactShapley job(Schema::FromNames(testing::FeatureNames(2)), Eigen::VectorXf::Zero(2),
                   Background::Uniform(RowMatrixF::Ones(3, 2)));
  EXPECT_THROW(job.result(), std::logic_error);
  const RowBatch rows = job.next();
  ASSERT_EQ(rows.rows(), 12);
  EXPECT_THROW(job.next(), std::logic_error);
  const RowMatrixF too_few = RowMatrixF::Zero(11, 1);
  EXPECT_THROW(job.tell(ConstMatrixView(too_few.data(), 11, 1)), std::invalid_argument);
  RowMatrixF with_nan = RowMatrixF::Zero(12, 1);
  with_nan(5, 0) = std::nanf("");
  EXPECT_THROW(job.tell(ConstMatrixView(with_nan.data(), 12, 1)), std::invalid_argument);
}

TEST(ExactShapley, RejectsInfiniteInstanceNamingTheFeature) {
  Eigen::VectorXf x = Eigen::VectorXf::Zero(3);
  x[1] = INFINITY;
  try {
    ExactShapley job(Schema::FromNames(testing::FeatureNames(3)), x,
                     Background::Uniform(RowMatrixF::Ones(2, 3)));
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "the instance's feature 'f1' is infinite (a missing value is NaN)");
  }
}

TEST(ExactShapley, PassesMissingValuesToTheModel) {
  // A model that reads a missing x0 as 10 (as a tree's default branch would): f = x0 + 2 x1.
  const Evaluate model = [](ConstMatrixView rows) {
    RowMatrixF out(rows.rows(), 1);
    for (Eigen::Index i = 0; i < rows.rows(); ++i) {
      out(i, 0) = (std::isnan(rows(i, 0)) ? 10.0f : rows(i, 0)) + 2 * rows(i, 1);
    }
    return out;
  };
  RowMatrixF background(2, 2);
  background << 0, 0, 2, NAN;  // a missing x1 in the background becomes the model's NaN...
  const Eigen::Vector2f x(NAN, 1);
  RowMatrixF complete = background;
  complete(1, 1) = 0;
  ExactShapley job(Schema::FromNames(testing::FeatureNames(2)), x, Background::Uniform(complete));
  const Explanation e = Drive(job, model);
  EXPECT_NEAR(e.values(0, 0), 10 - 1, 1e-6);  // x0: 10 against the background's mean of 1
  EXPECT_NEAR(e.values(0, 1), 2 * (1 - 0), 1e-6);
  EXPECT_NEAR(e.model_output[0], 12, 1e-6);
  // ... so a model that answers NaN stops the job with an error rather than NaN values.
  ExactShapley with_gap(Schema::FromNames(testing::FeatureNames(2)), x,
                        Background::Uniform(background));
  EXPECT_THROW(Drive(with_gap, model), std::invalid_argument);
}

TEST(ExactShapley, RejectsWidthMismatch) {
  EXPECT_THROW(ExactShapley(Schema::FromNames(testing::FeatureNames(3)), Eigen::VectorXf::Zero(2),
                            Background::Uniform(RowMatrixF::Ones(2, 3))),
               std::invalid_argument);
  EXPECT_THROW(ExactShapley(Schema::FromNames(testing::FeatureNames(3)), Eigen::VectorXf::Zero(3),
                            Background::Uniform(RowMatrixF::Ones(2, 4))),
               std::invalid_argument);
}

}  // namespace
}  // namespace whyrec
