#include <gtest/gtest.h>

#include <stdexcept>

#include "core/distill/distill.h"
#include "core/distill/synthetic_rows.h"
#include "tests/cpp/distill_planted.h"

namespace whyrec {
namespace {

TEST(DistillSyntheticRows, EachValueIsTheRowsOrAnotherRowsInItsColumn) {
  const RowMatrixF x = UniformRows(50, 1);
  const RowMatrixF crossed = CrossedRows(x, 3, 9);
  ASSERT_EQ(crossed.rows(), 150);
  ASSERT_EQ(crossed.cols(), 5);
  int kept = 0;
  for (Eigen::Index s = 0; s < crossed.rows(); ++s) {
    const Eigen::Index source = s / 3;  // the copies of row 0 first
    for (Eigen::Index c = 0; c < 5; ++c) {
      bool in_column = false;
      for (Eigen::Index r = 0; r < x.rows(); ++r) in_column |= crossed(s, c) == x(r, c);
      EXPECT_TRUE(in_column) << "synthetic row " << s << " column " << c;
      kept += crossed(s, c) == x(source, c);
    }
  }
  // A coin toss per value (plus the partner being the row itself, 1 in 50): about half kept.
  EXPECT_GT(kept, 0.4 * 750);
  EXPECT_LT(kept, 0.62 * 750);
}

TEST(DistillSyntheticRows, SameSeedSameRows) {
  const RowMatrixF x = UniformRows(40, 2);
  EXPECT_EQ(CrossedRows(x, 2, 5), CrossedRows(x, 2, 5));
  EXPECT_NE(CrossedRows(x, 2, 5), CrossedRows(x, 2, 6));
  EXPECT_EQ(CrossedRows(x, 0, 5).rows(), 0);
  EXPECT_THROW(CrossedRows(x, -1, 5), std::invalid_argument);
}

SyntheticRows Scored(const RowMatrixF& x) {
  SyntheticRows s{x, Eigen::VectorXd(x.rows())};
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    s.t[r] = PlantedPair(x(r, 3), x(r, 4));
    for (int c = 0; c < 3; ++c) s.t[r] += PlantedMain(c, x(r, c));
  }
  return s;
}

// On few rows the teacher's answers on synthetic rows carry the planted function further than
// the data alone: the held-out fit improves, and the report counts both kinds of rows.
TEST(DistillSyntheticRows, MoreOfTheTeachersAnswersFitBetter) {
  const PlantedData d = Planted(300, 11);
  DistillOptions o;
  o.seed = 3;
  o.ga2m.bags = 1;
  o.ga2m.interactions = 1;
  const DistillResult alone = Distill(d.x, d.y, d.names, {}, o);
  o.augment = 6;
  const DistillSplit split = SplitForDistill(d.x, d.y, d.names, {}, o);
  const SyntheticRows synthetic = Scored(SyntheticRowsFor(split.x_fit, o));
  const DistillResult augmented = Distill(d.x, d.y, d.names, {}, o, synthetic);
  EXPECT_EQ(augmented.train_rows, alone.train_rows);
  EXPECT_EQ(augmented.synthetic_rows, 6 * alone.train_rows);
  EXPECT_EQ(augmented.holdout_rows, alone.holdout_rows);
  EXPECT_GT(augmented.holdout_r2, alone.holdout_r2 + 0.01);
  EXPECT_GT(augmented.holdout_r2, 0.9);
}

TEST(DistillSyntheticRows, WrongOrUnscoredSyntheticRowsAreRefused) {
  const PlantedData d = Planted(200, 12);
  DistillOptions o;
  o.ga2m.bags = 1;
  o.augment = 2;
  const DistillSplit split = SplitForDistill(d.x, d.y, d.names, {}, o);
  SyntheticRows synthetic = Scored(SyntheticRowsFor(split.x_fit, o));
  try {
    Distill(d.x, d.y, d.names, {}, o);
    FAIL() << "augment without synthetic rows was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("augment 2 needs " +
                                         std::to_string(2 * split.x_fit.rows()) + " synthetic"),
              std::string::npos)
        << e.what();
  }
  synthetic.t[5] = std::nan("");
  try {
    Distill(d.x, d.y, d.names, {}, o, synthetic);
    FAIL() << "a NaN teacher score on a synthetic row was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("synthetic row 5 is NaN"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace whyrec
