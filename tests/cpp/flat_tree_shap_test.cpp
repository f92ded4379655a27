// ExplainLeaf, the arithmetic the CUDA kernel runs, summed over the leaves on the CPU, against
// TreeShap::Explain.
#include "core/explain/trees/flat_tree_shap.h"

#include <gtest/gtest.h>

#include <vector>

#include "core/explain/trees/tree_shap.h"
#include "tests/cpp/tree_shap_cases.h"

namespace whyrec {
namespace {

struct LeafSums {
  Eigen::MatrixXd values;
  Eigen::VectorXd margin;
};

LeafSums SumOverLeaves(const FlatTreeShapView& m, const float* row) {
  std::vector<char> hot(m.max_path_players);
  std::vector<double> zero_fraction(m.max_path_players), poly(m.max_path_players + 1),
      out(m.max_path_players);
  const LeafScratch scratch{hot.data(), zero_fraction.data(), poly.data(), out.data()};
  std::vector<double> phi(m.outputs * m.players, 0.0);
  LeafSums sums{Eigen::MatrixXd(m.outputs, m.players),
                Eigen::Map<const Eigen::VectorXd>(m.base_margin, m.outputs)};
  for (int64_t leaf = 0; leaf < m.num_leaves; ++leaf) {
    const bool reached =
        ExplainLeaf(m, row, leaf, scratch, [&](int i, double amount) { phi[i] += amount; });
    if (reached) sums.margin[m.leaves[leaf].output] += m.leaves[leaf].value;
  }
  for (int o = 0; o < m.outputs; ++o) {
    for (int g = 0; g < m.players; ++g) sums.values(o, g) = phi[o * m.players + g];
  }
  return sums;
}

TEST(FlatTreeShap, LeafByLeafEqualsTreeShapInBothModes) {
  for (const testing::TreeShapCase& c : testing::TreeShapCases()) {
    for (const TreeShapMode mode : {TreeShapMode::kPathDependent, TreeShapMode::kInterventional}) {
      const TreeShap shap(c.model, c.schema(), mode, c.weighted_background());
      const FlatTreeShapView view = shap.View();
      for (Eigen::Index r = 0; r < c.rows.rows(); ++r) {
        const Eigen::VectorXf x = c.rows.row(r).transpose();
        const Explanation expected = shap.Explain(x);
        const LeafSums got = SumOverLeaves(view, x.data());
        const std::string what =
            c.name + " " + TreeShapModeName(mode) + " row " + std::to_string(r);
        for (Eigen::Index o = 0; o < expected.values.rows(); ++o) {
          EXPECT_NEAR(got.margin[o], expected.model_output[o], 1e-9) << what;
          for (Eigen::Index g = 0; g < expected.values.cols(); ++g) {
            EXPECT_NEAR(got.values(o, g), expected.values(o, g), 1e-9) << what;
          }
        }
      }
    }
  }
}

// The cases exercise both ways a leaf is computed: tables and per-row polynomials or scans.
TEST(FlatTreeShap, CasesHaveTabulatedAndLongPaths) {
  int long_paths = 0, tabulated = 0;
  for (const testing::TreeShapCase& c : testing::TreeShapCases()) {
    const TreeShap shap(c.model, c.schema(), TreeShapMode::kInterventional,
                        c.weighted_background());
    const FlatTreeShapView view = shap.View();
    for (int64_t l = 0; l < view.num_leaves; ++l) {
      const bool table = view.leaves[l].table_offset >= 0;
      tabulated += table;
      long_paths += !table && view.leaves[l].size > TreeShap::kMaxTablePlayers;
    }
  }
  EXPECT_GT(tabulated, 1000);
  EXPECT_GT(long_paths, 100);
}

TEST(FlatTreeShap, ViewDescribesTheEnsemble) {
  const testing::TreeShapCase c = testing::TreeShapCases()[2];  // multiclass
  const TreeShap shap(c.model, c.schema(), TreeShapMode::kPathDependent, c.weighted_background());
  const FlatTreeShapView view = shap.View();
  EXPECT_TRUE(view.path_dependent);
  EXPECT_EQ(view.width, c.model.input_width());
  EXPECT_EQ(view.outputs, c.model.num_outputs());
  EXPECT_GT(view.outputs, 1);
  EXPECT_EQ(view.players, c.schema().num_players());
  EXPECT_EQ(view.background_offset, nullptr);
  // weight(s, n) sums to 1 over s weighted by the number of coalitions of size s, C(n-1, s).
  for (int n = 1; n <= view.max_path_players; ++n) {
    double total = 0, choose = 1;
    for (int s = 0; s < n; ++s) {
      total += choose * view.weights[n * view.weight_stride() + s];
      choose = choose * (n - 1 - s) / (s + 1);
    }
    EXPECT_NEAR(total, 1.0, 1e-12) << n;
  }
}

}  // namespace
}  // namespace whyrec
