// What cannot take a missing value (NaN) says so by name; what can, ignores it where it should.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "core/background_summary.h"
#include "core/global/accumulated_local_effects.h"
#include "core/global/partial_dependence.h"
#include "core/models/linear_model.h"

namespace whyrec {
namespace {

void ExpectMessage(const std::function<void()>& run, const std::string& message) {
  try {
    run();
    FAIL() << "expected: " << message;
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), message);
  }
}

RowMatrixF ColumnWithNaN() {
  RowMatrixF rows(4, 2);
  rows << 1, 0, NAN, 1, 3, 2, 2, 3;
  return rows;
}

TEST(MissingValues, LinearModelNamesTheMissingFeature) {
  LinearModel model({"age", "price"}, Eigen::Vector2d(1, 2), 0.5, Link::kIdentity);
  RowMatrixF rows(2, 2);
  rows << 1, 2, 3, NAN;
  EXPECT_FLOAT_EQ(model.Predict(ConstMatrixView(rows.data(), 1, 2), 0)(0, 0), 5.5f);
  ExpectMessage([&] { model.Predict(ConstMatrixView(rows.data(), 2, 2), 0); },
                "the linear model cannot take a missing value (impute it): input row 1, feature "
                "'price' is missing");
}

TEST(MissingValues, BackgroundSummaryNeedsCompleteRows) {
  const Background background = Background::Uniform(ColumnWithNaN());
  EXPECT_EQ(SummarizeBackground(background, 4, 1).size(), 4);  // no summary: rows kept as they are
  ExpectMessage([&] { SummarizeBackground(background, 2, 1); },
                "a background summary (k-means) needs complete rows (impute the missing value, or "
                "give no background summary): background row 1, column 0 is missing");
}

TEST(MissingValues, PartialDependenceGridSpansTheKnownValues) {
  EXPECT_EQ(PartialDependenceGrid(ColumnWithNaN(), 0, 5), (std::vector<double>{1, 2, 3}));
  RowMatrixF all_missing = RowMatrixF::Constant(3, 1, NAN);
  ExpectMessage([&] { PartialDependenceGrid(all_missing, 0, 5); },
                "partial dependence: column 0 has only missing values");
}

TEST(MissingValues, AleCannotBinAMissingValue) {
  EXPECT_EQ(AleEdges(ColumnWithNaN(), 1, 3).front(), 0.0);
  ExpectMessage([&] { AleEdges(ColumnWithNaN(), 0, 2); },
                "ALE bins rows by the feature's value and cannot place a missing one: column 0 "
                "has 1 missing values (impute them, or leave those rows out)");
}

}  // namespace
}  // namespace whyrec
