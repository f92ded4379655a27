#include <gtest/gtest.h>

#include "core/distill/ga2m_fit.h"
#include "core/explain/drive.h"
#include "core/explain/explainer_factory.h"
#include "core/explain/shapley/distilled_shapley.h"
#include "core/explain/shapley/exact_shapley.h"
#include "core/explain/shapley/pairwise_shapley.h"
#include "tests/cpp/distill_planted.h"

namespace whyrec {
namespace {

Ga2mOptions FewBags(int interactions) {
  Ga2mOptions o;
  o.bags = 3;
  o.interactions = interactions;
  o.seed = 7;
  return o;
}

const Ga2mFit& PlantedFit() {
  static const Ga2mFit fit = [] {
    const PlantedData d = Planted(4000, 1);
    return FitGa2m(d.x, d.y, d.names, Link::kIdentity, FewBags(1));
  }();
  return fit;
}

TEST(DistillGa2m, DetectsThePlantedPairFirst) {
  const Ga2mFit& fit = PlantedFit();
  ASSERT_EQ(fit.pair_ranking.size(), 10u);
  EXPECT_EQ(fit.pair_ranking[0].first, 3);
  EXPECT_EQ(fit.pair_ranking[0].second, 4);
  // The planted pair explains far more of the residual than any other pair.
  EXPECT_GT(fit.pair_ranking[0].gain, 20 * fit.pair_ranking[1].gain);
  ASSERT_EQ(fit.model.num_pairs(), 1);
  EXPECT_EQ(fit.model.terms().back().features, (std::vector<int>{3, 4}));
}

TEST(DistillGa2m, RecoversThePlantedShapes) {
  const Ga2mFit& fit = PlantedFit();
  const PlantedData fresh = Planted(2000, 99);
  // Each main term against the true component centred over the uniform distribution
  // (E[x^2] = 1/3, E[2x] = 0, P(x >= 0.3) = 0.35); x3 and x4 have none.
  const double centre[5] = {1.0 / 3.0, 0.0, 0.35, 0.0, 0.0};
  for (int f = 0; f < 5; ++f) {
    double error = 0.0;
    for (int r = 0; r < fresh.x.rows(); ++r) {
      const Eigen::VectorXd terms = fit.model.TermValues(fresh.x.row(r).data());
      error += std::abs(terms[f] - (PlantedMain(f, fresh.x(r, f)) - centre[f]));
    }
    EXPECT_LT(error / fresh.x.rows(), 0.05) << "feature x" << f;
  }
  double pair_error = 0.0, total_error = 0.0;
  for (int r = 0; r < fresh.x.rows(); ++r) {
    const float* row = fresh.x.row(r).data();
    pair_error += std::abs(fit.model.TermValues(row)[5] - PlantedPair(row[3], row[4]));
    total_error += std::abs(fit.model.Margin(row) - fresh.y[r]);
  }
  // 16 x 16 cells over [-1, 1]^2 approximate 1.5 x3 x4 to about 0.1 at worst.
  EXPECT_LT(pair_error / fresh.x.rows(), 0.08);
  EXPECT_LT(total_error / fresh.x.rows(), 0.12);
  EXPECT_NEAR(fit.model.intercept(), 1.0 / 3.0 + 0.35, 0.05);
}

TEST(DistillGa2m, TermsAreCentredAndSumToThePrediction) {
  const Ga2mFit& fit = PlantedFit();
  const PlantedData train = Planted(4000, 1);
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(fit.model.terms().size());
  DistilledModel model = fit.model;
  for (int r = 0; r < train.x.rows(); ++r) {
    const float* row = train.x.row(r).data();
    const Eigen::VectorXd terms = model.TermValues(row);
    mean += terms / train.x.rows();
    // Margin adds the same numbers in the same order: equal to the bit.
    double sum = model.intercept();
    for (Eigen::Index t = 0; t < terms.size(); ++t) sum += terms[t];
    EXPECT_EQ(sum, model.Margin(row));
    const RowMatrixF out = model.Predict(ConstMatrixView(row, 1, 5), 0);
    EXPECT_EQ(out(0, 0), static_cast<float>(sum));
  }
  for (Eigen::Index t = 0; t < mean.size(); ++t) EXPECT_NEAR(mean[t], 0.0, 1e-9) << "term " << t;
}

TEST(DistillGa2m, ShapleyEqualsExactAndPairwiseShapleyOfTheSurrogate) {
  DistilledModel model = PlantedFit().model;
  const PlantedData rows = Planted(40, 5);
  const Background background = Background::Uniform(rows.x.topRows(25));
  const Schema schema = Schema::FromNames(rows.names);
  const Evaluate evaluate = [&](ConstMatrixView batch) { return model.Predict(batch, 0); };
  const DistilledShapley shapley(model, background);
  for (int r = 25; r < 40; ++r) {
    const Eigen::VectorXf x = rows.x.row(r).transpose();
    const Eigen::VectorXd closed_form = shapley.Values(x.data());
    ExactShapley exact(schema, x, background);
    const Explanation e = Drive(exact, evaluate);
    PairwiseShapley pairwise(schema, x, background);
    const Explanation p = Drive(pairwise, evaluate);
    for (int f = 0; f < 5; ++f) {
      EXPECT_NEAR(closed_form[f], e.values(0, f), 1e-6) << "row " << r << " feature " << f;
      EXPECT_NEAR(closed_form[f], p.values(0, f), 1e-6) << "row " << r << " feature " << f;
    }
    EXPECT_NEAR(closed_form.sum(), e.model_output[0] - e.base_value[0], 1e-6);
    EXPECT_EQ(p.method, "additive");
    EXPECT_EQ(p.evaluations, (1 + 1 + 5 + 10) * 25);
  }
}

TEST(DistillGa2m, FactoryMethodAdditiveOverGroupedPlayers) {
  DistilledModel model = PlantedFit().model;
  const PlantedData rows = Planted(12, 8);
  const Background background = Background::Uniform(rows.x.topRows(10));
  // x3 and x4 (the planted pair) as one player: the pair term becomes a main effect of it.
  const Schema schema = Schema::FromNames(rows.names).WithGroups({{"x34", {"x3", "x4"}}});
  const Evaluate evaluate = [&](ConstMatrixView batch) { return model.Predict(batch, 0); };
  const Eigen::VectorXf x = rows.x.row(11).transpose();
  nlohmann::ordered_json settings = nlohmann::ordered_json::object();
  const Explanation additive =
      Drive(*MakeExplainer("additive", settings, schema, x, background), evaluate);
  const Explanation exact =
      Drive(*MakeExplainer("exact", settings, schema, x, background), evaluate);
  ASSERT_EQ(additive.values.cols(), 4);
  for (int g = 0; g < 4; ++g) EXPECT_NEAR(additive.values(0, g), exact.values(0, g), 1e-6);
  settings["link"] = "logit";
  EXPECT_THROW(MakeExplainer("additive", settings, schema, x, background), std::invalid_argument);
}

TEST(DistillGa2m, MainTermsAreShapleyValuesAgainstTheTrainingRows) {
  // Without pairs, a term centred over the training rows is its feature's interventional
  // Shapley value with those rows as the background.
  const PlantedData d = Planted(600, 3);
  const DistilledModel model = FitGa2m(d.x, d.y, d.names, Link::kIdentity, FewBags(0)).model;
  const DistilledShapley shapley(model, Background::Uniform(d.x));
  for (int r = 0; r < 10; ++r) {
    const float* row = d.x.row(r).data();
    const Eigen::VectorXd phi = shapley.Values(row);
    const Eigen::VectorXd terms = model.TermValues(row);
    for (int f = 0; f < 5; ++f) EXPECT_NEAR(phi[f], terms[f], 1e-9);
  }
}

TEST(DistillGa2m, DeterministicBySeed) {
  const PlantedData d = Planted(800, 2);
  Ga2mOptions o = FewBags(2);
  const std::string first = FitGa2m(d.x, d.y, d.names, Link::kIdentity, o).model.ToJson();
  EXPECT_EQ(first, FitGa2m(d.x, d.y, d.names, Link::kIdentity, o).model.ToJson());
  o.seed = 8;
  EXPECT_NE(first, FitGa2m(d.x, d.y, d.names, Link::kIdentity, o).model.ToJson());
}

TEST(DistillGa2m, MissingValuesGetTheirOwnBin) {
  PlantedData d = Planted(1000, 4);
  // x1 missing on a fifth of the rows, where the target moves by +3 instead of 2 x1.
  for (int r = 0; r < d.x.rows(); r += 5) {
    d.y[r] += 3.0 - 2.0 * d.x(r, 1);
    d.x(r, 1) = std::nanf("");
  }
  const DistilledModel model = FitGa2m(d.x, d.y, d.names, Link::kIdentity, FewBags(1)).model;
  const DistilledTerm& x1 = model.terms()[1];
  // Bin 0 (missing) sits about 3 above the mean of the present rows' 2 x1 (zero).
  double present_mean = 0.0;
  int present = 0;
  for (int r = 0; r < d.x.rows(); ++r) {
    if (!std::isnan(d.x(r, 1))) {
      present_mean += x1.scores[BinOf(x1.cuts[0], d.x(r, 1))];
      ++present;
    }
  }
  EXPECT_NEAR(x1.scores[0] - present_mean / present, 3.0, 0.1);
}

TEST(DistillGa2m, PairwiseShapleyRefusesAThreeWayInteraction) {
  const Schema schema = Schema::FromNames({"a", "b", "c"});
  RowMatrixF bg(2, 3);
  bg << 0, 0, 0, 1, -1, 2;
  const Eigen::VectorXf x = (Eigen::VectorXf(3) << 1, 2, 3).finished();
  PairwiseShapley job(schema, x, Background::Uniform(bg));
  const Evaluate product = [](ConstMatrixView rows) {
    RowMatrixF out(rows.rows(), 1);
    for (Eigen::Index r = 0; r < rows.rows(); ++r) out(r, 0) = rows(r, 0) * rows(r, 1) * rows(r, 2);
    return out;
  };
  try {
    Drive(job, product);
    FAIL() << "a three-way product was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("at most two features"), std::string::npos) << e.what();
  }
}

// Boosting keeps each term's cell of a row in 16 bits: 65,001 main bins, 256 x 256 pair cells.
TEST(DistillGa2m, BinCountsBeyondSixteenBitCellsAreRefused) {
  const PlantedData d = Planted(200, 3);
  Ga2mOptions o = FewBags(1);
  o.max_bins = 65001;
  EXPECT_THROW(
      {
        try {
          FitGa2m(d.x, d.y, d.names, Link::kIdentity, o);
        } catch (const std::invalid_argument& e) {
          EXPECT_STREQ(e.what(), "max_bins must be in 2..65000");
          throw;
        }
      },
      std::invalid_argument);
  o.max_bins = 1024;
  o.max_pair_bins = 256;
  EXPECT_THROW(FitGa2m(d.x, d.y, d.names, Link::kIdentity, o), std::invalid_argument);
}

}  // namespace
}  // namespace whyrec
