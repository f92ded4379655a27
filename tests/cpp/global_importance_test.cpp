#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <random>

#include "core/explain/shapley/exact_shapley.h"
#include "core/global/accumulated_local_effects.h"
#include "core/global/accumulated_local_effects_pair.h"
#include "core/global/fidelity_curves.h"
#include "core/global/mean_abs_attribution.h"
#include "core/global/partial_dependence.h"
#include "core/global/permutation_importance.h"
#include "core/global/row_job.h"
#include "native/csv_table.h"
#include "native/onnx_model.h"
#include "tests/cpp/test_rows.h"

namespace whyrec {
namespace {

using testing::FeatureNames;

using testing::RandomRows;

// An additive model of f0 and f1; f2 is ignored.
double Additive(const Eigen::RowVectorXf& x) { return x[0] * x[0] + std::sin(2.0 * x[1]); }

Evaluate Rowwise(double (*f)(const Eigen::RowVectorXf&)) {
  return [f](ConstMatrixView rows) {
    RowMatrixF out(rows.rows(), 1);
    for (Eigen::Index i = 0; i < rows.rows(); ++i) out(i, 0) = static_cast<float>(f(rows.row(i)));
    return out;
  };
}

TEST(PermutationImportance, AnIgnoredFeatureScoresZeroWithAnIntervalAroundZero) {
  const RowMatrixF data = RandomRows(500, 3, 1);
  Eigen::VectorXd labels(500);
  std::mt19937 rng(2);
  std::normal_distribution<double> noise(0.0, 0.3);
  for (int i = 0; i < 500; ++i) labels[i] = Additive(data.row(i)) + noise(rng);
  PermutationImportanceOptions options;
  options.seed = 3;
  PermutationImportance job(Schema::FromNames(FeatureNames(3)), data, labels, options);
  const auto r = RunRowJob(job, Rowwise(Additive));
  EXPECT_EQ(r.importance[2], 0.0);
  EXPECT_LE(r.ci_low[2], 0.0);
  EXPECT_GE(r.ci_high[2], 0.0);
  EXPECT_GT(r.ci_low[0], 0.1);
  EXPECT_GT(r.ci_low[1], 0.1);
  EXPECT_NEAR(r.baseline, 0.3, 0.05);
  EXPECT_EQ(r.metric, "rmse");
  EXPECT_EQ(r.evaluations, 500 * (1 + 5 * 3));
}

TEST(PermutationImportance, AgainstTheModelsOwnOutputAndDeterministicBySeed) {
  const RowMatrixF data = RandomRows(300, 3, 4);
  PermutationImportanceOptions options;
  options.seed = 5;
  options.max_batch_rows = 1000;  // several steps per batch, and batches of one step
  PermutationImportance a(Schema::FromNames(FeatureNames(3)), data, std::nullopt, options);
  PermutationImportance b(Schema::FromNames(FeatureNames(3)), data, std::nullopt, options);
  const auto ra = RunRowJob(a, Rowwise(Additive));
  const auto rb = RunRowJob(b, Rowwise(Additive));
  EXPECT_EQ(ra.baseline, 0.0);
  EXPECT_FALSE(ra.against_labels);
  EXPECT_EQ(ra.per_repeat, rb.per_repeat);
  EXPECT_EQ(ra.importance[2], 0.0);
  EXPECT_GT(ra.importance[0], 0.5);
}

TEST(PermutationImportance, AucAndLogLossNeedLabelsAndRankCorrectly) {
  const RowMatrixF data = RandomRows(400, 2, 6);
  Eigen::VectorXd labels(400);
  for (int i = 0; i < 400; ++i) labels[i] = data(i, 0) > 0 ? 1 : 0;
  const auto probability = [](const Eigen::RowVectorXf& x) {
    return 1 / (1 + std::exp(-3.0 * x[0]));
  };
  for (Metric metric : {Metric::kAuc, Metric::kLogLoss}) {
    PermutationImportanceOptions options;
    options.metric = metric;
    PermutationImportance job(Schema::FromNames(FeatureNames(2)), data, labels, options);
    const auto r = RunRowJob(job, Rowwise(+probability));
    EXPECT_GT(r.importance[0], 0.1) << MetricName(metric);
    EXPECT_EQ(r.importance[1], 0.0) << MetricName(metric);
  }
  PermutationImportanceOptions auc;
  auc.metric = Metric::kAuc;
  try {
    PermutationImportance(Schema::FromNames(FeatureNames(2)), data, std::nullopt, auc);
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("needs a label column (--target)"), std::string::npos);
  }
  EXPECT_DOUBLE_EQ(Auc((Eigen::VectorXd(4) << 0, 0, 1, 1).finished(),
                       (Eigen::VectorXd(4) << 0.1, 0.4, 0.35, 0.8).finished()),
                   0.75);
}

TEST(PermutationImportance, LogLossRefusesOutputsThatAreNotProbabilities) {
  const Eigen::VectorXd labels = (Eigen::VectorXd(3) << 0, 1, 1).finished();
  EXPECT_NEAR(LogLoss(labels, (Eigen::VectorXd(3) << 0.5, 0.5, 1).finished()),
              2 * std::log(2.0) / 3, 1e-12);
  try {
    LogLoss(labels, (Eigen::VectorXd(3) << 0.2, -1.5, 0.9).finished());
    FAIL() << "a logit must not be read as a probability";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("is -1.500000 for row 1 (a logit or margin?)"),
              std::string::npos)
        << e.what();
  }
}

TEST(AccumulatedLocalEffects, RecoversTheShapeFunctionsOfAnAdditiveModel) {
  const RowMatrixF data = RandomRows(1000, 3, 7);
  const Schema schema = Schema::FromNames(FeatureNames(3));
  const std::function<double(double)> shapes[] = {[](double z) { return z * z; },
                                                  [](double z) { return std::sin(2.0 * z); }};
  for (int j = 0; j < 2; ++j) {
    AccumulatedLocalEffects job(schema, data, j, 10);
    const AleResult r = RunRowJob(job, Rowwise(Additive));
    ASSERT_EQ(r.edges.size(), 11u);
    for (size_t k = 0; k < r.edges.size(); ++k) {
      const double expected = shapes[j](float(r.edges[k])) - shapes[j](float(r.edges[0]));
      EXPECT_NEAR(r.effect[k] - r.effect[0], expected, 1e-5) << "feature " << j << " edge " << k;
    }
  }
  AccumulatedLocalEffects ignored(schema, data, 2, 10);
  for (double effect : RunRowJob(ignored, Rowwise(Additive)).effect) EXPECT_EQ(effect, 0.0);
}

TEST(AlePair, IsZeroForAnAdditiveModelAndRecoversAProductsInteraction) {
  const RowMatrixF data = RandomRows(2000, 3, 9);
  const Schema schema = Schema::FromNames(FeatureNames(3));
  AlePair additive(schema, data, 0, 1, 6);
  const AlePairResult a = RunRowJob(additive, Rowwise(Additive));
  EXPECT_LT(a.effect.cwiseAbs().maxCoeff(), 1e-5);
  EXPECT_EQ(a.counts.sum(), 2000);

  const auto product = [](const Eigen::RowVectorXf& x) { return double(x[0]) * x[1] + x[2]; };
  AlePair pair(schema, data, 0, 1, 6);
  const AlePairResult p = RunRowJob(pair, Rowwise(+product));
  ASSERT_EQ(p.effect.rows(), 7);
  // Main effects and centering add functions of one index only: mixed differences are exact.
  for (int k = 1; k < 7; ++k) {
    for (int l = 1; l < 7; ++l) {
      const double mixed = p.effect(k, l) - p.effect(k, 0) - p.effect(0, l) + p.effect(0, 0);
      const double expected = (float(p.edges[0][k]) - float(p.edges[0][0])) *
                              (float(p.edges[1][l]) - float(p.edges[1][0]));
      EXPECT_NEAR(mixed, expected, 1e-4) << k << "," << l;
    }
  }
  EXPECT_THROW(AlePair(schema, data, 1, 1), std::invalid_argument);
}

TEST(PartialDependence, OfALinearModelIsALineAndPairsFormAGrid) {
  const RowMatrixF data = RandomRows(200, 3, 8);
  const auto linear = [](const Eigen::RowVectorXf& x) { return 2.0 * x[0] - x[1] + 0.5 * x[2]; };
  PartialDependence one(Schema::FromNames(FeatureNames(3)), data, {0}, 10);
  const auto r = RunRowJob(one, Rowwise(+linear));
  ASSERT_EQ(r.grids[0].size(), 10u);
  for (size_t i = 1; i < 10; ++i) {
    EXPECT_NEAR(r.average(i, 0) - r.average(0, 0), 2.0 * (r.grids[0][i] - r.grids[0][0]), 1e-4);
  }
  PartialDependence pair(Schema::FromNames(FeatureNames(3)), data, {0, 1}, 5);
  const auto p = RunRowJob(pair, Rowwise(+linear));
  EXPECT_EQ(p.average.rows(), 5);
  EXPECT_EQ(p.average.cols(), 5);
  EXPECT_NEAR(p.average(4, 0) - p.average(0, 0), 2.0 * (p.grids[0][4] - p.grids[0][0]), 1e-4);
  EXPECT_NEAR(p.average(0, 4) - p.average(0, 0), -(p.grids[1][4] - p.grids[1][0]), 1e-4);
}

TEST(FidelityCurves, DeletionByExactShapleyBeatsRandomOrdersOnTheDemo) {
  const std::string demo = std::string(WHYREC_SOURCE_DIR) + "/examples/demo/";
  OnnxModel model(demo + "ctr_mlp.onnx");
  const int prob = FindOutput(model, "prob");
  const Evaluate evaluate = [&](ConstMatrixView rows) { return model.Predict(rows, prob); };
  const CsvTable data = ReadNumericCsv(demo + "candidates.csv", {"user_id", "item_id", "label"});
  const Background background = Background::Uniform(ReadNumericCsv(demo + "background.csv").values);
  const Schema schema = Schema::FromNames(data.header);
  Random random(11);
  double shapley_area = 0, random_area = 0;
  const int rows = 5, random_orders = 10;
  for (int r = 0; r < rows; ++r) {
    const Eigen::VectorXf x = data.values.row(r * 97).transpose();
    ExactShapley exact(schema, x, background);
    const Explanation e = Drive(exact, evaluate);
    FidelityCurves curves(schema, x, background, OrderByAttribution(e.values.row(0).transpose()));
    const FidelityCurvesResult c = RunRowJob(curves, evaluate);
    EXPECT_NEAR(c.deletion[0], e.model_output[0], 1e-6);
    EXPECT_NEAR(c.deletion[12], e.base_value[0], 1e-6);
    EXPECT_NEAR(c.insertion[12], e.model_output[0], 1e-6);
    shapley_area += c.deletion_area;
    for (int k = 0; k < random_orders; ++k) {
      std::vector<int> order(12);
      std::iota(order.begin(), order.end(), 0);
      for (int i = 11; i > 0; --i) std::swap(order[i], order[random.Below(i + 1)]);
      FidelityCurves shuffled(schema, x, background, order);
      random_area += RunRowJob(shuffled, evaluate).deletion_area / random_orders;
    }
  }
  EXPECT_LT(shapley_area, random_area);
}

TEST(FidelityCurves, RejectsAnOrderThatIsNotAPermutation) {
  const Background bg = Background::Uniform(RandomRows(5, 3, 1));
  EXPECT_THROW(
      FidelityCurves(Schema::FromNames(FeatureNames(3)), Eigen::VectorXf::Zero(3), bg, {0, 0, 1}),
      std::invalid_argument);
}

TEST(MeanAbsAttribution, AveragesAbsoluteValuesPerPlayer) {
  const auto json = nlohmann::ordered_json::parse(
      R"({"method": "exact", "output": "prob", "feature_names": ["a", "b"],
          "values": [[0.5, -1.0], [-0.25, 0.0]]})");
  const auto r = MeanAbsAttribution(json);
  EXPECT_EQ(r["importance"].dump(), "[0.375,0.5]");
  EXPECT_EQ(r["source_method"], "exact");
  EXPECT_EQ(r["rows"], 2);
  EXPECT_THROW(MeanAbsAttribution(nlohmann::ordered_json::parse(R"({"values": [[1]]})")),
               std::invalid_argument);
}

}  // namespace
}  // namespace whyrec
