#include "core/explain/shapley/kernel_shap.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/explain/drive.h"
#include "core/explain/explainer_factory.h"
#include "core/explain/shapley/exact_shapley.h"
#include "core/explain/shapley/permutation_shap.h"
#include "tests/cpp/shapley_reference.h"
#include "tests/cpp/test_rows.h"

namespace whyrec {
namespace {

using testing::RandomRows;

// A model with pairwise and higher interactions: sampling error is real.
RowMatrixF Nonlinear(ConstMatrixView rows) {
  RowMatrixF out(rows.rows(), 1);
  for (Eigen::Index i = 0; i < rows.rows(); ++i) {
    const auto r = rows.row(i);
    double y = 0;
    for (Eigen::Index j = 0; j < r.size(); ++j) y += 0.3 * (j + 1) * r[j];
    for (Eigen::Index j = 0; j + 1 < r.size(); ++j) y += std::tanh(r[j] * r[j + 1]);
    y += std::sin(r[0] + r[r.size() - 1]) * r[1];
    out(i, 0) = static_cast<float>(y);
  }
  return out;
}

struct Problem {
  Schema schema;
  RowMatrixF background;
  Eigen::VectorXf x;
};

Problem MakeProblem(int d, unsigned seed) {
  return {Schema::FromNames(testing::FeatureNames(d)), RandomRows(12, d, seed),
          RandomRows(1, d, seed + 1000).row(0).transpose()};
}

Explanation ExplainWith(const std::string& method, const nlohmann::ordered_json& settings,
                        const Problem& p, const Evaluate& model = Nonlinear) {
  auto job = MakeExplainer(method, settings, p.schema, p.x, Background::Uniform(p.background));
  return Drive(*job, model);
}

double MeanAbsError(const Explanation& a, const Explanation& b) {
  return (a.values - b.values).cwiseAbs().mean();
}

TEST(KernelShap, EqualsExactWhenTheBudgetCoversEveryCoalition) {
  const Problem p = MakeProblem(6, 1);
  const Explanation exact = ExplainWith("exact", {}, p);
  for (const char* sampling : {"leverage", "kernel"}) {
    const Explanation kernel = ExplainWith("kernel", {{"budget", 62}, {"sampling", sampling}}, p);
    EXPECT_LT((kernel.values - exact.values).cwiseAbs().maxCoeff(), 1e-9) << sampling;
    EXPECT_EQ(kernel.std_errors.cwiseAbs().maxCoeff(), 0.0);
    EXPECT_TRUE(kernel.settings["exact"].get<bool>());
    EXPECT_EQ(kernel.evaluations, 64 * 12);
  }
  // Asking for more than there is caps at 2^G - 2.
  EXPECT_EQ(ExplainWith("kernel", {{"budget", 100000}}, p).evaluations, 64 * 12);
}

TEST(KernelShap, ErrorShrinksAsTheBudgetGrows) {
  double small = 0, large = 0;
  for (unsigned seed = 0; seed < 8; ++seed) {
    const Problem p = MakeProblem(10, 10 + seed);
    const Explanation exact = ExplainWith("exact", {}, p);
    small += MeanAbsError(ExplainWith("kernel", {{"budget", 60}, {"seed", seed}}, p), exact);
    large += MeanAbsError(ExplainWith("kernel", {{"budget", 600}, {"seed", seed}}, p), exact);
  }
  EXPECT_GT(small, 0.0);
  EXPECT_LT(large, small / 3);
}

TEST(KernelShap, EfficiencyHoldsExactly) {
  const Problem p = MakeProblem(14, 2);
  for (const char* method : {"kernel", "permutation"}) {
    const Explanation e = ExplainWith(method, {{"budget", 300}, {"seed", 4}}, p);
    EXPECT_NEAR(e.values.sum(), e.model_output[0] - e.base_value[0], 1e-9) << method;
  }
}

TEST(KernelShap, SameSeedSameValuesOtherSeedOtherValues) {
  const Problem p = MakeProblem(9, 3);
  for (const char* method : {"kernel", "permutation"}) {
    const Explanation a = ExplainWith(method, {{"budget", 100}, {"seed", 5}}, p);
    const Explanation b = ExplainWith(method, {{"budget", 100}, {"seed", 5}}, p);
    const Explanation c = ExplainWith(method, {{"budget", 100}, {"seed", 6}}, p);
    EXPECT_EQ(a.values, b.values) << method;
    EXPECT_NE(a.values, c.values) << method;
    EXPECT_EQ(a.seed, uint64_t{5});
  }
}

TEST(KernelShap, AdditiveModelsAreRecoveredExactlyWithZeroStandardError) {
  const Problem p = MakeProblem(16, 4);
  const Evaluate linear = [](ConstMatrixView rows) {
    RowMatrixF out(rows.rows(), 1);
    for (Eigen::Index i = 0; i < rows.rows(); ++i) {
      double y = 0;
      for (Eigen::Index j = 0; j < rows.cols(); ++j) y += (j % 3 - 1.0) * rows(i, j);
      out(i, 0) = static_cast<float>(y);
    }
    return out;
  };
  const Eigen::VectorXd mean = Background::Uniform(p.background).Mean();
  for (const char* method : {"kernel", "permutation"}) {
    const Explanation e = ExplainWith(method, {{"budget", 200}, {"seed", 1}}, p, linear);
    for (int j = 0; j < 16; ++j) {
      EXPECT_NEAR(e.values(0, j), (j % 3 - 1.0) * (p.x[j] - mean[j]), 1e-5) << method << j;
    }
    EXPECT_LT(e.std_errors.maxCoeff(), 1e-5) << method;
  }
}

TEST(KernelShap, PairedSamplingMakesSecondOrderGamesExact) {
  // With one background row, v(S) of a quadratic model is a game of order two: complementary
  // pairs cancel its pairwise terms' sampling error, so any budget gives exact values.
  Problem p = MakeProblem(10, 11);
  p.background = p.background.topRows(1).eval();
  const Evaluate quadratic = [](ConstMatrixView rows) {
    RowMatrixF out(rows.rows(), 1);
    for (Eigen::Index i = 0; i < rows.rows(); ++i) {
      double y = 0;
      for (Eigen::Index j = 0; j < rows.cols(); ++j) {
        y += 0.5 * j * rows(i, j) + rows(i, j) * rows(i, (j * 3 + 1) % rows.cols());
      }
      out(i, 0) = static_cast<float>(y);
    }
    return out;
  };
  const Explanation exact = ExplainWith("exact", {}, p, quadratic);
  const Explanation kernel = ExplainWith("kernel", {{"budget", 40}, {"seed", 3}}, p, quadratic);
  EXPECT_FALSE(kernel.settings["exact"].get<bool>());
  EXPECT_LT(MeanAbsError(kernel, exact), 1e-6);
}

TEST(KernelShap, GroupsMatchExactShapleyOfTheMergedPlayers) {
  Problem p = MakeProblem(8, 5);
  p.schema = p.schema.WithGroups({{"a", {"f0", "f5"}}, {"b", {"f2", "f3", "f7"}}});
  ASSERT_EQ(p.schema.num_players(), 5);
  const Explanation kernel = ExplainWith("kernel", {{"budget", 30}}, p);
  const Explanation exact = ExplainWith("exact", {}, p);
  EXPECT_LT((kernel.values - exact.values).cwiseAbs().maxCoeff(), 1e-9);
}

// Over many seeds, 95% intervals from the reported standard errors cover the exact values about
// 95% of the time; a coarse band keeps the test meaningful without being fragile.
void ExpectHonestStandardErrors(const std::string& method, int64_t budget, double lowest,
                                double highest = 0.995) {
  int covered = 0, total = 0;
  for (unsigned row = 0; row < 4; ++row) {
    const Problem p = MakeProblem(10, 50 + row);
    const Explanation exact = ExplainWith("exact", {}, p);
    for (unsigned seed = 0; seed < 40; ++seed) {
      const Explanation e = ExplainWith(method, {{"budget", budget}, {"seed", seed}}, p);
      for (int j = 0; j < 10; ++j) {
        covered += std::abs(e.values(0, j) - exact.values(0, j)) <= 1.96 * e.std_errors(0, j);
        ++total;
      }
    }
  }
  const double coverage = static_cast<double>(covered) / total;
  EXPECT_GT(coverage, lowest) << method << " budget " << budget;
  EXPECT_LT(coverage, highest) << method << " budget " << budget;
}

TEST(KernelShap, StandardErrorsCoverTheExactValues) {
  // With the tree surrogate, 150 and 300 of the 511 pairs: measured 96% and 98%. With 500 of
  // them the standard errors are conservative (99.9%): they measure the spread of single held-out
  // surrogates, while the few unsampled coalitions are extrapolated with their mean.
  ExpectHonestStandardErrors("kernel", 300, 0.9);
  ExpectHonestStandardErrors("kernel", 600, 0.9);
  ExpectHonestStandardErrors("kernel", 1000, 0.9, 1.01);
  // Pair estimates of this model are skewed, so few pairs understate the spread (measured 87%
  // at 16 pairs and 89% at 55; see bench/README.md).
  ExpectHonestStandardErrors("permutation", 1000, 0.86);
}

TEST(KernelShap, ToleranceStopsEarlyOnceStandardErrorsAreSmall) {
  const Problem p = MakeProblem(12, 6);
  const Explanation full = ExplainWith("kernel", {{"budget", 4000}, {"seed", 2}}, p);
  const Explanation early =
      ExplainWith("kernel", {{"budget", 4000}, {"seed", 2}, {"tolerance", 0.02}}, p);
  EXPECT_LT(early.evaluations, full.evaluations);
  EXPECT_LE(early.std_errors.maxCoeff(), 0.02);
  const Explanation strict =
      ExplainWith("kernel", {{"budget", 400}, {"seed", 2}, {"tolerance", 1e-9}}, p);
  EXPECT_EQ(strict.evaluations,
            ExplainWith("kernel", {{"budget", 400}, {"seed", 2}}, p).evaluations);
}

TEST(KernelShap, LogitLinkExplainsLogOdds) {
  const Problem p = MakeProblem(5, 7);
  const Evaluate probability = [](ConstMatrixView rows) {
    RowMatrixF out = Nonlinear(rows);
    return RowMatrixF((1.0f / (1.0f + (-out.array()).exp())).matrix());
  };
  const Explanation e = ExplainWith("kernel", {{"budget", 30}, {"link", "logit"}}, p, probability);
  const double fx = probability(ConstMatrixView(p.x.data(), 1, 5))(0, 0);
  EXPECT_NEAR(e.model_output[0], std::log(fx / (1 - fx)), 1e-6);
  EXPECT_NEAR(e.values.sum(), e.model_output[0] - e.base_value[0], 1e-9);
  EXPECT_EQ(e.settings["link"], "logit");
  try {
    ExplainWith("kernel", {{"link", "logit"}}, p);  // outputs outside (0, 1)
    FAIL();
  } catch (const std::invalid_argument& err) {
    EXPECT_NE(std::string(err.what()).find("needs model outputs in (0, 1)"), std::string::npos);
  }
}

TEST(KernelShap, AutoPicksExactOnlyWhenItFitsTheBudget) {
  const Problem p = MakeProblem(6, 8);
  EXPECT_EQ(ExplainWith("auto", {}, p).method, "exact");
  EXPECT_EQ(ExplainWith("auto", {{"budget", 32}}, p).method, "kernel");
  EXPECT_EQ(ExplainWith("auto", {{"budget", 64}}, p).method, "exact");
}

void ExpectSettingError(const std::string& method, const nlohmann::ordered_json& settings,
                        const std::string& message) {
  const Problem p = MakeProblem(4, 9);
  try {
    ExplainWith(method, settings, p);
    FAIL() << "expected: " << message;
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), message);
  }
}

TEST(KernelShap, RejectsBadSettingsWithClearMessages) {
  ExpectSettingError("kernel", {{"budget", 0}}, "setting 'budget' must be an integer >= 1, got 0");
  ExpectSettingError("kernel", {{"tolerance", -1}},
                     "setting 'tolerance' must be a number in [0.0, 1e+300], got -1");
  ExpectSettingError("kernel", {{"sampling", "magic"}},
                     "setting 'sampling' must be one of leverage, kernel, got \"magic\"");
  ExpectSettingError("kernel", {{"budget", 1}},
                     "budget must be at least 2 coalitions (one complementary pair)");
  ExpectSettingError("permutation", {{"budget", 10}},
                     "budget must be at least 12 coalitions for permutation SHAP with 4 players "
                     "(two antithetic pairs of orders, so that standard errors exist)");
  try {
    ExplainWith("magic", {}, MakeProblem(4, 9));
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).rfind(
                  "unknown method 'magic'; available: exact, kernel, permutation, auto", 0),
              0u)
        << e.what();
  }
}

}  // namespace
}  // namespace whyrec
