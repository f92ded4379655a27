#include <gtest/gtest.h>

#include "core/distill/distill.h"
#include "core/distill/fidelity.h"
#include "core/distill/lasso_path.h"
#include "core/random.h"
#include "tests/cpp/distill_planted.h"

namespace whyrec {
namespace {

struct LinearData {
  RowMatrixF x;
  Eigen::VectorXd y;
  std::vector<std::string> names;
};

// y = 3 + 2 x0 - 3 x2 + 0.5 x5 over 8 features on different scales.
LinearData PlantedLinear(int rows) {
  LinearData d;
  Random random(11);
  d.x.resize(rows, 8);
  d.y.resize(rows);
  for (int c = 0; c < 8; ++c) d.names.push_back("f" + std::to_string(c));
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < 8; ++c) d.x(r, c) = static_cast<float>((c + 1) * random.Normal());
    d.y[r] = 3 + 2.0 * d.x(r, 0) - 3.0 * d.x(r, 2) + 0.5 * d.x(r, 5);
  }
  return d;
}

TEST(DistillLasso, RecoversAPlantedSparseLinearModel) {
  const LinearData d = PlantedLinear(500);
  const LassoFit fit = FitLasso(d.x, d.y, d.names, Link::kIdentity, LassoOptions());
  const Eigen::VectorXd& w = fit.model.coefficients();
  const double planted[8] = {2, 0, -3, 0, 0, 0.5, 0, 0};
  for (int c = 0; c < 8; ++c) EXPECT_NEAR(w[c], planted[c], 2e-3) << "f" << c;
  EXPECT_NEAR(fit.model.intercept(), 3.0, 1e-2);
  EXPECT_GT(fit.validation_r2, 0.9999);
}

TEST(DistillLasso, SizeBudgetKeepsTheStrongestFeatures) {
  const LinearData d = PlantedLinear(500);
  LassoOptions o;
  o.max_terms = 2;
  const LassoFit fit = FitLasso(d.x, d.y, d.names, Link::kIdentity, o);
  EXPECT_LE(fit.nonzero, 2);
  const Eigen::VectorXd& w = fit.model.coefficients();
  // Standardized, f2 (3 x sd 3) and f5 (0.5 x sd 6) outweigh f0 (2 x sd 1).
  EXPECT_NE(w[2], 0.0);
  EXPECT_NE(w[5], 0.0);
  EXPECT_EQ(w[0], 0.0);
}

TEST(DistillLasso, RefusesMissingValuesNamingThem) {
  LinearData d = PlantedLinear(50);
  d.x(7, 3) = std::nanf("");
  try {
    FitLasso(d.x, d.y, d.names, Link::kIdentity, LassoOptions());
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("row 7, feature 'f3'"), std::string::npos) << e.what();
  }
}

TEST(DistillFidelity, RSquaredAndRankingByHand) {
  const Eigen::VectorXd teacher = (Eigen::VectorXd(4) << 1, 2, 3, 4).finished();
  EXPECT_DOUBLE_EQ(RSquared(teacher, teacher), 1.0);
  // Residual sum of squares 1 + 1 over a total of 5.
  const Eigen::VectorXd off = (Eigen::VectorXd(4) << 2, 2, 3, 3).finished();
  EXPECT_DOUBLE_EQ(RSquared(teacher, off), 1.0 - 2.0 / 5.0);
  EXPECT_THROW(RSquared(Eigen::VectorXd::Constant(4, 2.0), off), std::invalid_argument);

  // One list of 12 items scored 12..1 by the teacher; the surrogate swaps the 1st and 2nd and
  // ranks the teacher's 11th above its 10th.
  Eigen::VectorXd t(12), s(12);
  for (int i = 0; i < 12; ++i) t[i] = s[i] = 12 - i;
  std::swap(s[0], s[1]);
  std::swap(s[9], s[10]);
  const RankingFidelity f = MeasureRanking(t, s, std::vector<int>(12, 0), 10);
  EXPECT_EQ(f.lists_for_top_k, 1);
  EXPECT_DOUBLE_EQ(*f.top_k_agreement, 0.9);
  double ideal = 0.0, got = 0.0;
  for (int p = 0; p < 10; ++p) ideal += (10.0 - p) / std::log2(p + 2.0);
  const double gains[10] = {9, 10, 8, 7, 6, 5, 4, 3, 2, 0};  // teacher's 11th item gains 0
  for (int p = 0; p < 10; ++p) got += gains[p] / std::log2(p + 2.0);
  EXPECT_DOUBLE_EQ(*f.ndcg_at_10, got / ideal);
}

void ExpectDistillError(const Eigen::VectorXd& teacher, int rows, const std::string& part) {
  const PlantedData d = Planted(rows, 1);
  try {
    Distill(d.x, teacher, d.names, {}, DistillOptions());
    FAIL() << "accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

TEST(DistillErrors, BadTeachersAndTooFewRows) {
  ExpectDistillError(Eigen::VectorXd::Constant(100, 0.25), 100,
                     "a constant teacher has nothing to distil");
  Eigen::VectorXd with_nan = Planted(100, 1).y;
  with_nan[42] = std::nan("");
  ExpectDistillError(with_nan, 100, "teacher's score for row 42 (from 0 after the header) is NaN");
  ExpectDistillError(Planted(12, 1).y, 12, "at least 20 rows, got 12");
}

TEST(DistillErrors, EachListStaysOnOneSideOfTheSplit) {
  const PlantedData d = Planted(400, 6);
  std::vector<int> lists(400);
  for (int r = 0; r < 400; ++r) lists[r] = r / 20;  // 20 lists of 20
  DistillOptions o;
  o.ga2m.bags = 1;
  const DistillResult result = Distill(d.x, d.y, d.names, lists, o);
  EXPECT_EQ(result.holdout_rows, 80);  // 4 of the 20 lists
  EXPECT_EQ(result.holdout_ranking->lists_for_top_k, 4);
  EXPECT_GT(result.holdout_r2, 0.9);
  o.family = "linear";
  const DistillResult linear = Distill(d.x, d.y, d.names, lists, o);
  // A linear surrogate misses x0^2 (variance 4/45), the pair (1/4) and part of the step.
  EXPECT_LT(linear.holdout_r2, result.holdout_r2 - 0.05);
  EXPECT_EQ(linear.terms, 5);
}

}  // namespace
}  // namespace whyrec
