#include "core/background_summary.h"

#include <gtest/gtest.h>

namespace whyrec {
namespace {

RowMatrixF TwoClusters() {
  RowMatrixF rows(6, 2);
  rows << 0, 0, 0, 1, 1, 0, 100, 50, 101, 50, 100, 51;
  return rows;
}

TEST(BackgroundSummary, FindsClustersWeightedBySize) {
  const Background summary = SummarizeBackground(Background::Uniform(TwoClusters()), 2, 1);
  ASSERT_EQ(summary.size(), 2);
  EXPECT_NEAR(summary.weights().sum(), 1.0, 1e-12);
  EXPECT_NEAR(summary.weights()[0], 0.5, 1e-12);
  const Eigen::VectorXd mean = summary.Mean();
  EXPECT_NEAR(mean[0], Background::Uniform(TwoClusters()).Mean()[0], 1.0);
}

TEST(BackgroundSummary, SnapsCentroidsToValuesTheFeatureTakes) {
  RowMatrixF rows(8, 1);
  rows << 0, 0, 0, 1, 1, 1, 1, 1;
  const Background summary = SummarizeBackground(Background::Uniform(rows), 1, 3);
  EXPECT_EQ(summary.rows()(0, 0), 1.0f);  // the mean 0.625 is snapped to an observed value
}

TEST(BackgroundSummary, IsDeterministicBySeedAndChecksK) {
  RowMatrixF rows = RowMatrixF::Random(40, 3);
  const Background bg = Background::Uniform(rows);
  EXPECT_EQ(SummarizeBackground(bg, 5, 7).rows(), SummarizeBackground(bg, 5, 7).rows());
  EXPECT_EQ(SummarizeBackground(bg, 40, 7).rows(), rows);
  EXPECT_THROW(SummarizeBackground(bg, 41, 7), std::invalid_argument);
  EXPECT_THROW(SummarizeBackground(bg, 0, 7), std::invalid_argument);
}

}  // namespace
}  // namespace whyrec
