#include "core/background.h"

#include <gtest/gtest.h>

#include <cmath>

namespace whyrec {
namespace {

TEST(Background, NormalizesWeightsAndComputesWeightedMean) {
  RowMatrixF rows(2, 2);
  rows << 0, 10, 4, 20;
  const Background bg(rows, (Eigen::VectorXd(2) << 1, 3).finished());
  EXPECT_DOUBLE_EQ(bg.weights().sum(), 1.0);
  EXPECT_DOUBLE_EQ(bg.Mean()[0], 3.0);
  EXPECT_DOUBLE_EQ(bg.Mean()[1], 17.5);
}

TEST(Background, KeepsMissingValuesAndRejectsEmptyInfiniteAndBadWeights) {
  EXPECT_THROW(Background::Uniform(RowMatrixF(0, 3)), std::invalid_argument);
  RowMatrixF rows = RowMatrixF::Zero(2, 2);
  rows(1, 0) = std::nanf("");
  EXPECT_TRUE(std::isnan(Background::Uniform(rows).rows()(1, 0)));
  rows(1, 1) = -INFINITY;
  try {
    Background::Uniform(rows);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "background row 1, column 1 is infinite (a missing value is NaN; infinity is an "
                 "error)");
  }
  const RowMatrixF ok = RowMatrixF::Zero(2, 2);
  EXPECT_THROW(Background(ok, Eigen::VectorXd::Zero(2)), std::invalid_argument);
  EXPECT_THROW(Background(ok, (Eigen::VectorXd(2) << 1, -1).finished()), std::invalid_argument);
  EXPECT_THROW(Background(ok, Eigen::VectorXd::Ones(3)), std::invalid_argument);
}

}  // namespace
}  // namespace whyrec
