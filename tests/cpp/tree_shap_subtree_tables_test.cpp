// TreeShap's subtree tables (tree_shap.h): a tree whose leaves are at most
// kMaxSubtreeTableBits deep is read through tables of its subtrees, summed from its leaves'
// tables; built only for jobs of kSubtreeTablesMinRows rows or more (or of unknown size).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>

#include "core/explain/trees/tree_shap.h"
#include "tests/cpp/game_shapley.h"
#include "tests/cpp/random_trees.h"

namespace whyrec {
namespace {

using testing::RandomEnsemble;
using testing::RandomRow;

struct Shape {
  int width, trees, depth, outputs;
  bool grouped;
  int deep_trees;  // of depth 9 added: leaves too deep for subtree tables
};

// The trees of RandomEnsemble(shape) and `deep_trees` more of depth 9.
TreeEnsemble Model(const Shape& s, unsigned seed) {
  const TreeEnsemble shallow = RandomEnsemble(s.width, s.trees, s.depth, s.outputs, seed);
  if (s.deep_trees == 0) return shallow;
  std::vector<Tree> trees = shallow.trees();
  const TreeEnsemble deep = RandomEnsemble(s.width, s.deep_trees, 9, s.outputs, seed + 1000);
  trees.insert(trees.end(), deep.trees().begin(), deep.trees().end());
  return TreeEnsemble(shallow.feature_names(), trees, shallow.base_margin(),
                      OutputTransform::kIdentity, "test");
}

// With and without subtree tables, the same values and margins to rounding, in both modes, on
// rows with missing values, two outputs and grouped players: trees of depth 3 to 6 are covered
// whole or by subtrees; trees of depth 9 keep reading their leaves' tables, beside covered ones.
// The tables are really built (more state).
TEST(TreeShapSubtreeTables, EqualTheLeavesTablesInBothModes) {
  unsigned seed = 300;
  for (const Shape& s : {Shape{5, 8, 3, 1, false, 0}, Shape{6, 6, 5, 2, false, 0},
                         Shape{6, 6, 6, 1, true, 0}, Shape{8, 5, 4, 2, false, 3}}) {
    const TreeEnsemble model = Model(s, ++seed);
    Schema schema = Schema::FromNames(model.feature_names());
    if (s.grouped) schema = schema.WithGroups({{"g", {"x0", "x3"}}, {"h", {"x1", "x4", "x5"}}});
    std::mt19937 rng(seed);
    RowMatrixF background(4, s.width);
    for (int b = 0; b < 4; ++b) background.row(b) = RandomRow(s.width, rng, false).transpose();
    const Background weighted(background, Eigen::VectorXd::LinSpaced(4, 1, 2));
    for (const TreeShapMode mode : {TreeShapMode::kPathDependent, TreeShapMode::kInterventional}) {
      const TreeShap tables(model, schema, mode, weighted);
      const TreeShap leaves(model, schema, mode, weighted, false, 1);
      const std::string what = "seed " + std::to_string(seed) + " " + TreeShapModeName(mode);
      EXPECT_GT(tables.StateBytes(), leaves.StateBytes()) << what;
      for (int r = 0; r < 8; ++r) {
        const Eigen::VectorXf x = RandomRow(s.width, rng, r % 2 == 1);
        const Explanation a = tables.Explain(x), b = leaves.Explain(x);
        testing::ExpectMatrixNear(a.values, b.values, 1e-12, what + " row " + std::to_string(r));
        EXPECT_LT((a.model_output - b.model_output).cwiseAbs().maxCoeff(), 1e-12) << what;
        EXPECT_LT((a.model_output - model.Margin(x.data())).cwiseAbs().maxCoeff(), 1e-12) << what;
      }
    }
  }
}

// A subtree table row is one decision word's: ExplainRows (blocks) and Explain agree bit for bit.
TEST(TreeShapSubtreeTables, RowsAndSingleRowsAgreeExactly) {
  const TreeEnsemble model = RandomEnsemble(6, 10, 6, 2, 41);
  const Schema schema = Schema::FromNames(model.feature_names());
  const RowMatrixF zero = RowMatrixF::Zero(1, 6);
  const TreeShap shap(model, schema, TreeShapMode::kPathDependent, Background::Uniform(zero));
  std::mt19937 rng(41);
  RowMatrixF rows(20, 6);
  for (int r = 0; r < 20; ++r) rows.row(r) = RandomRow(6, rng, r % 3 == 0).transpose();
  const std::vector<Explanation> block =
      shap.ExplainRows(ConstMatrixView(rows.data(), rows.rows(), rows.cols()));
  for (int r = 0; r < 20; ++r) {
    const Explanation one = shap.Explain(rows.row(r).transpose());
    EXPECT_EQ(block[r].values, one.values) << r;
    EXPECT_EQ(block[r].model_output, one.model_output) << r;
  }
}

// The tables wait for jobs large enough to pay for them: none below kSubtreeTablesMinRows rows,
// and the same tables at that size as for a job of unknown size.
TEST(TreeShapSubtreeTables, BuiltFromTheMinimumRowsOrUnknownSize) {
  const TreeEnsemble model = RandomEnsemble(5, 6, 5, 1, 9);
  const Schema schema = Schema::FromNames(model.feature_names());
  const Background zero = Background::Uniform(RowMatrixF::Zero(1, 5));
  const auto bytes = [&](int64_t rows) {
    return TreeShap(model, schema, TreeShapMode::kPathDependent, zero, false, rows).StateBytes();
  };
  constexpr int64_t kMin = TreeShap::kSubtreeTablesMinRows;
  EXPECT_EQ(bytes(kMin - 1), bytes(1));
  EXPECT_GT(bytes(kMin), bytes(kMin - 1));
  EXPECT_EQ(bytes(kMin), bytes(-1));
}

// Past 2^21 doubles (16 MiB) of subtree tables, further trees read their leaves' tables: 800 full
// trees of depth 6, interventional (whose leaves' tables may take 64 MiB; path-dependent ones
// stop at 8 MiB), would take 48.9 MB of them. The state grows by the budget and the records, and
// the values stay those of the leaves' tables.
TEST(TreeShapSubtreeTables, TreesPastTheBudgetReadTheirLeavesTables) {
  const TreeEnsemble model = RandomEnsemble(10, 800, 6, 1, 23);
  const Schema schema = Schema::FromNames(model.feature_names());
  const Background zero = Background::Uniform(RowMatrixF::Zero(1, 10));
  const TreeShap tables(model, schema, TreeShapMode::kInterventional, zero);
  const TreeShap leaves(model, schema, TreeShapMode::kInterventional, zero, false, 1);
  const int64_t grown = tables.StateBytes() - leaves.StateBytes();
  EXPECT_GT(grown, int64_t{15} << 20);
  EXPECT_LT(grown, int64_t{17} << 20);
  std::mt19937 rng(23);
  for (int r = 0; r < 5; ++r) {
    const Eigen::VectorXf x = RandomRow(10, rng, r % 2 == 0);
    testing::ExpectMatrixNear(tables.Explain(x).values, leaves.Explain(x).values, 1e-12,
                              "row " + std::to_string(r));
  }
}

}  // namespace
}  // namespace whyrec
