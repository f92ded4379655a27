#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "core/explain/trees/linear_tree_shap.h"
#include "core/explain/trees/tree_shap.h"
#include "tests/cpp/random_trees.h"

namespace whyrec {
namespace {

using testing::RandomCodeRow;
using testing::RandomEnsemble;
using testing::RandomRow;
using testing::SplitKinds;

// Rows of both split kinds' grids, a third of them with a missing value.
RowMatrixF MixedRows(int n, int width, SplitKinds kinds, unsigned seed) {
  std::mt19937 rng(seed);
  RowMatrixF rows(n, width);
  for (int r = 0; r < n; ++r) {
    rows.row(r) = (kinds == SplitKinds::kMixed ? RandomCodeRow(width, rng)
                                               : RandomRow(width, rng, r % 3 == 0))
                      .transpose();
    if (r % 3 == 1) rows(r, (r * 7) % width) = NAN;
  }
  return rows;
}

// A walk that carries a block of rows computes each row exactly as a walk of its own: full
// blocks and partial ones (padded with copies of the first row, or walked row by row when few),
// deep and shallow trees, both split kinds, missing values.
TEST(LinearTreeShap, BlockOfRowsEqualsRowByRowBitForBit) {
  int seed = 40;
  for (const SplitKinds kinds : {SplitKinds::kNumerical, SplitKinds::kMixed}) {
    for (const int depth : {3, 9}) {
      const int width = 7;
      const TreeEnsemble model = RandomEnsemble(width, 4, depth, 1, ++seed, kinds);
      const std::vector<int> player_of = {0, 1, 2, 0, 3, 4, 3};  // grouped players
      const RowMatrixF rows = MixedRows(LinearTreeShap::kRowBlock + 3, width, kinds, seed);
      for (const Tree& tree : model.trees()) {
        const LinearTreeShap linear(tree, player_of);
        LinearTreeScratch scratch;
        // A full block, a padded one, and few enough rows to walk one by one.
        for (const int count : {LinearTreeShap::kRowBlock, LinearTreeShap::kRowBlock - 5, 3, 1}) {
          std::vector<std::vector<double>> block(count, std::vector<double>(5, 0.0));
          std::vector<const float*> row_pointers(count);
          std::vector<double*> phi(count);
          std::vector<double> leaf(count);
          for (int r = 0; r < count; ++r) {
            row_pointers[r] = rows.row(r + 2).data();
            phi[r] = block[r].data();
          }
          linear.AddRows(tree, count, row_pointers.data(), phi.data(), leaf.data(), scratch);
          for (int r = 0; r < count; ++r) {
            std::vector<double> alone(5, 0.0);
            const double reached = linear.Add(tree, rows.row(r + 2).data(), alone.data(), scratch);
            const std::string what = "seed " + std::to_string(seed) + " count " +
                                     std::to_string(count) + " row " + std::to_string(r);
            EXPECT_EQ(block[r], alone) << what;
            EXPECT_EQ(leaf[r], reached) << what;
          }
        }
      }
    }
  }
}

// TreeShap::ExplainRows equals Explain() row by row, bit for bit, in both modes, on a model with
// two outputs whose deep trees run LinearTreeShap and whose shallow ones (mixed splits) read
// tables; the first bad row is named.
TEST(TreeShap, ExplainRowsEqualsExplainBitForBit) {
  const int width = 10;
  std::vector<Tree> trees = testing::RandomDeepEnsemble(width, 8, 14, 71).trees();
  for (size_t t = 0; t < trees.size(); ++t) trees[t].output = static_cast<int>(t % 2);
  const TreeEnsemble shallow = RandomEnsemble(width, 6, 3, 2, 72, SplitKinds::kMixed);
  trees.insert(trees.end(), shallow.trees().begin(), shallow.trees().end());
  const TreeEnsemble model(shallow.feature_names(), trees, shallow.base_margin(),
                           OutputTransform::kIdentity, "test");
  const Schema schema = Schema::FromNames(model.feature_names()).WithGroups({{"g", {"x0", "x3"}}});
  RowMatrixF rows = MixedRows(2 * LinearTreeShap::kRowBlock + 9, width, SplitKinds::kNumerical, 8);
  rows.bottomRows(20) = MixedRows(20, width, SplitKinds::kMixed, 9);
  const Background background = Background::Uniform(rows.topRows(6));
  for (const TreeShapMode mode : {TreeShapMode::kPathDependent, TreeShapMode::kInterventional}) {
    const TreeShap shap(model, schema, mode, background);
    const std::vector<Explanation> block =
        shap.ExplainRows(ConstMatrixView(rows.data(), rows.rows(), rows.cols()));
    ASSERT_EQ(static_cast<Eigen::Index>(block.size()), rows.rows());
    for (Eigen::Index r = 0; r < rows.rows(); ++r) {
      const Explanation alone = shap.Explain(rows.row(r).transpose());
      const std::string what = TreeShapModeName(mode) + " row " + std::to_string(r);
      EXPECT_EQ(block[r].values, alone.values) << what;
      EXPECT_EQ(block[r].model_output, alone.model_output) << what;
      EXPECT_EQ(block[r].base_value, alone.base_value) << what;
      EXPECT_NEAR(alone.model_output[1], model.Margin(rows.row(r).data())[1], 1e-9) << what;
    }
    RowMatrixF bad = rows;
    bad(20, 5) = INFINITY;
    try {
      shap.ExplainRows(ConstMatrixView(bad.data(), bad.rows(), bad.cols()));
      FAIL() << "an infinite value was explained";
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()).rfind("row 20: TreeSHAP: instance column 5 ('x5')", 0), 0)
          << e.what();
    }
  }
}

}  // namespace
}  // namespace whyrec
