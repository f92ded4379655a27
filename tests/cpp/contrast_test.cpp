#include "core/explain/contrast.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/explain/drive.h"
#include "core/explain/shapley/exact_shapley.h"
#include "tests/cpp/game_shapley.h"
#include "tests/cpp/test_rows.h"

namespace whyrec {
namespace {

float Nonlinear(const float* x) { return std::tanh(x[0] * x[1]) + 0.5f * x[2] * x[2] - x[3]; }

Explanation ExactOf(const Schema& schema, const Eigen::VectorXf& x, const Background& background) {
  ExactShapley job(schema, x, background, {});
  return Drive(job, [](ConstMatrixView rows) {
    RowMatrixF out(rows.rows(), 1);
    for (Eigen::Index i = 0; i < rows.rows(); ++i) out(i, 0) = Nonlinear(rows.row(i).data());
    return out;
  });
}

// The contrast equals the Shapley values of the difference game, computed here on its own from
// the model: v(S) = mean over the background of f(A_S, b) - f(B_S, b).
TEST(Contrast, EqualsShapleyValuesOfTheDifferenceGame) {
  const int d = 4;
  const Schema schema = Schema::FromNames(testing::FeatureNames(d));
  const RowMatrixF rows = testing::RandomRows(5, d, 11);
  const Background background = Background::Uniform(rows.topRows(3));
  const Eigen::VectorXf a = rows.row(3).transpose(), b = rows.row(4).transpose();
  const Explanation e = Contrast(ExactOf(schema, a, background), ExactOf(schema, b, background), 4);
  const auto difference = [&](unsigned s) {
    double v = 0;
    for (int k = 0; k < 3; ++k) {
      Eigen::VectorXf from_a = rows.row(k).transpose(), from_b = from_a;
      for (int j = 0; j < d; ++j) {
        if ((s >> j) & 1) {
          from_a[j] = a[j];
          from_b[j] = b[j];
        }
      }
      v += (Nonlinear(from_a.data()) - Nonlinear(from_b.data())) / 3.0;
    }
    return Eigen::VectorXd::Constant(1, v);
  };
  const Eigen::MatrixXd expected = testing::GameShapley(difference, d, 1);
  for (int j = 0; j < d; ++j) EXPECT_NEAR(e.values(0, j), expected(0, j), 1e-6) << j;
  // The values add up from f(B) to f(A).
  EXPECT_NEAR(e.base_value[0], Nonlinear(b.data()), 1e-6);
  EXPECT_NEAR(e.values.sum(), e.model_output[0] - e.base_value[0], 1e-9);
  EXPECT_EQ(e.settings["contrast_row"], 4);
}

TEST(Contrast, CombinesStandardErrorsAndRefusesMismatchedExplanations) {
  Explanation a, b;
  a.method = b.method = "kernel";
  a.player_names = b.player_names = {"x", "y"};
  a.values = Eigen::MatrixXd::Constant(1, 2, 3.0);
  b.values = Eigen::MatrixXd::Constant(1, 2, 1.0);
  a.std_errors = Eigen::MatrixXd::Constant(1, 2, 0.3);
  b.std_errors = Eigen::MatrixXd::Constant(1, 2, 0.4);
  a.model_output = a.base_value = Eigen::VectorXd::Constant(1, 2.0);
  b.model_output = b.base_value = Eigen::VectorXd::Constant(1, 1.0);
  const Explanation e = Contrast(a, b, 0);
  EXPECT_DOUBLE_EQ(e.values(0, 1), 2.0);
  EXPECT_NEAR(e.std_errors(0, 0), 0.5, 1e-12);
  b.method = "exact";
  EXPECT_THROW(Contrast(a, b, 0), std::invalid_argument);
}

}  // namespace
}  // namespace whyrec
