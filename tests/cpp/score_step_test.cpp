#include "core/models/score_step.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/distill/distill.h"
#include "core/models/distilled_model.h"
#include "tests/cpp/distill_planted.h"

namespace whyrec {
namespace {

TEST(ScoreStep, RoundsTheShareDownToOneTwoOrFiveTimesAPowerOfTen) {
  // 0.005 of the bench teachers' spreads: the MLP's logits (1.70) and XGBoost's margins (2.20).
  EXPECT_EQ(ScoreStepFor(0.005, 1.6994).step, 0.005);
  EXPECT_EQ(ScoreStepFor(0.005, 1.6994).decimals, 3);
  EXPECT_EQ(ScoreStepFor(0.005, 2.2003).step, 0.01);
  EXPECT_EQ(ScoreStepFor(0.005, 2.2003).decimals, 2);
  EXPECT_EQ(ScoreStepFor(0.01, 30).step, 0.2);
  EXPECT_EQ(ScoreStepFor(1, 1).step, 1);  // exactly a power of ten stays itself
  EXPECT_EQ(ScoreStepFor(0.1, 1).step, 0.1);
  EXPECT_EQ(ScoreStepFor(0.1, 1).decimals, 1);
  EXPECT_EQ(ScoreStepFor(0.5, 1999).step, 500);
  EXPECT_EQ(ScoreStepFor(0.5, 1999).decimals, 0);
  EXPECT_EQ(ScoreStepFor(0.005, 1e-6).step, 5e-9);
  EXPECT_EQ(ScoreStepFor(0.005, 1e-6).decimals, 9);
}

TEST(ScoreStep, NoStepWithoutAPositiveShareAndSpread) {
  EXPECT_EQ(ScoreStepFor(0, 1.7).step, 0);
  EXPECT_EQ(ScoreStepFor(0.005, 0).step, 0);  // a constant teacher
  EXPECT_EQ(ScoreStepFor(0.005, NAN).step, 0);
  EXPECT_EQ(ScoreStepFor(0.005, INFINITY).step, 0);
  EXPECT_EQ(ScoreStepFor(1e-20, 1e-20).step, 0);  // beyond 10^-30
  EXPECT_EQ(RoundToStep(0.123456, ScoreStepFor(0, 1)), 0.123456);
}

TEST(ScoreStep, WritesTheNearestMultipleAsAShortDecimal) {
  const ScoreStep step = ScoreStepFor(0.005, 1.6994);  // 0.005
  EXPECT_EQ(RoundToStep(1.23374, step), 1.235);
  EXPECT_EQ(RoundToStep(1.2324, step), 1.23);
  EXPECT_EQ(RoundToStep(-0.00249, step), 0.0);
  EXPECT_FALSE(std::signbit(RoundToStep(-0.00249, step)));  // 0, not -0
  EXPECT_EQ(RoundToStep(-0.0026, step), -0.005);
  // 247 * 0.005 is 1.2350000000000001 in binary; the written value is the decimal's double.
  EXPECT_EQ(RoundToStep(247 * 0.005, step), 1.235);
  EXPECT_EQ(RoundToStep(1e300, step), 1e300);  // past 2^53 steps: already as exact as a double
}

TEST(ScoreStep, BinsThatRoundAlikeMerge) {
  // Four bins of a smooth shape, 0.001 apart: on a step of 0.005 two pairs score alike, and the
  // written term has two bins (one cut) instead of four.
  DistilledModel m({"a"}, 0.0, {{{0}, {{1.0f, 2.0f}}, {0.101, 0.1015, 0.108, 0.1085}}},
                   Link::kIdentity);
  const std::string text = m.ToJson(4, ScoreStepFor(0.005, 1.7));
  // Bins: missing, < 1, [1, 2), >= 2; the last two merge.
  EXPECT_NE(text.find(R"("cuts":[[1.0]],"scores":[0.1,0.1,0.11])"), std::string::npos) << text;
}

// The step a fit writes on: 0.005 of the teacher's standard deviation on the fitted rows.
ScoreStep StepOfFit(const PlantedData& d, const DistillOptions& o) {
  const DistillSplit split = SplitForDistill(d.x, d.y, d.names, {}, o);
  const double mean = split.t_fit.mean();
  return ScoreStepFor(o.score_step, std::sqrt((split.t_fit.array() - mean).square().mean()));
}

TEST(ScoreStep, ADistilledGa2mIsWrittenOnTheStepAtTheSameFidelity) {
  const PlantedData d = Planted(1000, 3);
  DistillOptions o;
  o.ga2m.bags = 1;
  o.ga2m.boosting.smoothing_rounds = 50;  // shapes that differ in every bin
  EXPECT_EQ(o.score_step, 0.005);         // the default
  const ScoreStep step = StepOfFit(d, o);
  EXPECT_EQ(step.step, 0.005);  // the planted teacher's spread is about 1.38
  const DistillResult on_step = Distill(d.x, d.y, d.names, {}, o);
  const DistilledModel written = DistilledModel::FromJson(on_step.model_json, "fit");
  for (const DistilledTerm& term : written.terms()) {
    for (double score : term.scores) EXPECT_EQ(RoundToStep(score, step), score);
  }
  o.score_step = 0;
  const DistillResult exact = Distill(d.x, d.y, d.names, {}, o);
  // The step adds noise of about 0.005 / sqrt(12) per term (15 terms: rms 0.0057 against the
  // teacher's 1.38), which moves R^2 on 200 held-out rows by a few 1e-4 either way.
  EXPECT_NEAR(on_step.holdout_r2, exact.holdout_r2, 1e-3);
  // Neighbouring bins of the smoothed mains that land on one multiple merge.
  const DistilledModel unrounded = DistilledModel::FromJson(exact.model_json, "exact");
  size_t bins_on_step = 0, bins_exact = 0;
  for (int f = 0; f < 5; ++f) {
    bins_on_step += written.terms()[f].scores.size();
    bins_exact += unrounded.terms()[f].scores.size();
  }
  EXPECT_LT(bins_on_step, 0.8 * bins_exact);
}

}  // namespace
}  // namespace whyrec
