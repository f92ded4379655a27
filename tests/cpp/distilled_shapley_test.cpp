// DistilledShapley sums the background's part of each term once for many rows; these tests hold
// it to the per-row computation it replaced, to the bit (the widget's in-page closed form and the
// WebAssembly core are compared with each other the same way), and to its explanation's layout.
#include "core/explain/shapley/distilled_shapley.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>

namespace whyrec {
namespace {

// Three features: a main term on each of the first two and a pair over (2, 0), scores and cuts
// drawn from `seed`.
DistilledModel RandomModel(unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> score(0.0, 1.0);
  const auto scores = [&](size_t n) {
    std::vector<double> s(n);
    for (double& v : s) v = score(rng);
    return s;
  };
  std::vector<DistilledTerm> terms = {
      {{0}, {{-1.0f, 0.0f, 0.5f}}, scores(5)},
      {{1}, {{0.25f}}, scores(3)},
      {{2, 0}, {{-0.5f, 0.5f}, {0.0f, 1.0f}}, scores(4 * 4)},
  };
  return DistilledModel({"a", "b", "c"}, 0.3, std::move(terms), Link::kLogit);
}

RowMatrixF RandomRows(int n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> value(-1.5f, 1.5f);
  RowMatrixF rows(n, 3);
  for (int r = 0; r < n; ++r) {
    for (int j = 0; j < 3; ++j) rows(r, j) = (r + j) % 7 == 0 ? NAN : value(rng);
  }
  return rows;
}

// The closed form for one row as it was computed before the sums were shared: every term's
// expectations summed over the background for this row alone.
Eigen::VectorXd PerRow(const DistilledModel& model, const float* x, const Background& bg) {
  const RowMatrixF& rows = bg.rows();
  const Eigen::VectorXd& w = bg.weights();
  Eigen::VectorXd phi = Eigen::VectorXd::Zero(model.input_width());
  for (const DistilledTerm& term : model.terms()) {
    const int i = term.features[0];
    const int a = BinOf(term.cuts[0], x[i]);
    if (term.features.size() == 1) {
      double expected = 0.0;
      for (int r = 0; r < bg.size(); ++r) {
        expected += w[r] * term.scores[BinOf(term.cuts[0], rows(r, i))];
      }
      phi[i] += term.scores[a] - expected;
      continue;
    }
    const int j = term.features[1];
    const int b = BinOf(term.cuts[1], x[j]);
    double v_none = 0.0, v_i = 0.0, v_j = 0.0;
    for (int r = 0; r < bg.size(); ++r) {
      const int ra = BinOf(term.cuts[0], rows(r, i));
      const int rb = BinOf(term.cuts[1], rows(r, j));
      v_none += w[r] * term.scores[term.CellOf(ra, rb)];
      v_i += w[r] * term.scores[term.CellOf(a, rb)];
      v_j += w[r] * term.scores[term.CellOf(ra, b)];
    }
    const double v_both = term.scores[term.CellOf(a, b)];
    phi[i] += 0.5 * (v_i - v_none) + 0.5 * (v_both - v_j);
    phi[j] += 0.5 * (v_j - v_none) + 0.5 * (v_both - v_i);
  }
  return phi;
}

TEST(DistilledShapley, SharedSumsGiveEachRowsPerRowValuesToTheBit) {
  const DistilledModel model = RandomModel(11);
  Eigen::VectorXd weights = Eigen::VectorXd::LinSpaced(40, 1.0, 3.0);
  weights /= weights.sum();
  const Background bg(RandomRows(40, 12), weights);
  const DistilledShapley shapley(model, bg);
  const RowMatrixF rows = RandomRows(60, 13);
  double base = 0.0;
  for (int r = 0; r < bg.size(); ++r) base += weights[r] * model.Margin(bg.rows().row(r).data());
  EXPECT_EQ(shapley.base_value(), base);
  for (int r = 0; r < rows.rows(); ++r) {
    const float* x = rows.row(r).data();
    const Eigen::VectorXd phi = shapley.Values(x);
    const Eigen::VectorXd expected = PerRow(model, x, bg);
    for (int f = 0; f < 3; ++f) EXPECT_EQ(phi[f], expected[f]) << "row " << r << " feature " << f;
    EXPECT_NEAR(phi.sum(), model.Margin(x) - base, 1e-12);
  }
}

TEST(DistilledShapley, SumsForSomeRowsGiveThoseRowsTheSameValuesAndRefuseOthers) {
  const DistilledModel model = RandomModel(41);
  const Background bg = Background::Uniform(RandomRows(30, 42));
  const DistilledShapley all(model, bg);
  // Feature c (the pair's first) below -0.5 in every explained row: only its bin 1 is summed.
  RowMatrixF explained = RandomRows(6, 43);
  explained.col(2).setConstant(-1.0f);
  const DistilledShapley some(model, bg, &explained);
  for (int r = 0; r < explained.rows(); ++r) {
    const Eigen::VectorXd expected = all.Values(explained.row(r).data());
    const Eigen::VectorXd phi = some.Values(explained.row(r).data());
    for (int f = 0; f < 3; ++f) EXPECT_EQ(phi[f], expected[f]) << "row " << r << " feature " << f;
  }
  EXPECT_EQ(some.base_value(), all.base_value());
  const float other[3] = {0.2f, 0.1f, 1.0f};
  EXPECT_THROW(some.Values(other), std::logic_error);
  const RowMatrixF narrow = RowMatrixF::Zero(2, 2);
  EXPECT_THROW(DistilledShapley(model, bg, &narrow), std::invalid_argument);
}

TEST(DistilledShapley, APlayerGetsItsFeaturesValues) {
  const DistilledModel model = RandomModel(21);
  const Background bg = Background::Uniform(RandomRows(15, 22));
  const DistilledShapley shapley(model, bg);
  // c and a as one player: their pair term becomes its main effect.
  const Schema schema = Schema::FromNames({"a", "b", "c"}).WithGroups({{"ca", {"c", "a"}}});
  const RowMatrixF rows = RandomRows(5, 23);
  for (int r = 0; r < rows.rows(); ++r) {
    const float* x = rows.row(r).data();
    const Eigen::VectorXd phi = shapley.Values(x);
    const Explanation e = DistilledExplanation(shapley, schema, x);
    ASSERT_EQ(e.player_names, schema.player_names());
    for (int g = 0; g < schema.num_players(); ++g) {
      double sum = 0.0;
      for (int column : schema.players()[g].columns) sum += phi[column];
      EXPECT_EQ(e.values(0, g), sum);
    }
    EXPECT_EQ(e.method, "additive");
    EXPECT_EQ(e.base_value[0], shapley.base_value());
    EXPECT_EQ(e.model_output[0], model.Margin(x));
    EXPECT_EQ(e.settings["background_rows"], 15);
    EXPECT_EQ(e.settings["space"], "margin");
  }
}

TEST(DistilledShapley, ABackgroundOfAnotherWidthIsNamed) {
  const DistilledModel model = RandomModel(31);
  try {
    DistilledShapley(model, Background::Uniform(RowMatrixF::Zero(4, 2)));
    FAIL() << "a 2-column background was taken";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "the background has 2 columns, the distilled model 3");
  }
}

}  // namespace
}  // namespace whyrec
