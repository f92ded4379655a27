#include "core/explain/trees/tree_shap.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "tests/cpp/game_shapley.h"
#include "tests/cpp/random_trees.h"
#include "tests/cpp/tree_fixtures.h"

namespace whyrec {
namespace {

using testing::RandomEnsemble;
using testing::RandomRow;
using testing::SplitKinds;

// An independent reference: the two games TreeSHAP solves, evaluated by walking the trees for
// every coalition, and Shapley values by the 2^M subset formula. Shares no code with the core.
class BruteForce {
 public:
  BruteForce(const TreeEnsemble& model, const Schema& schema)
      : model_(model), players_(schema.num_players()), player_of_(schema.width()) {
    for (int g = 0; g < players_; ++g) {
      for (int c : schema.players()[g].columns) player_of_[c] = g;
    }
  }

  template <typename Game>
  Eigen::MatrixXd Interaction(const Game& v, int output) const {
    return testing::GameInteractions(v, players_, output, model_.num_outputs());
  }

  auto PathGame(const Eigen::VectorXf& x) const {
    return [this, x](unsigned coalition) {
      Eigen::VectorXd v = model_.base_margin();
      for (const Tree& tree : model_.trees()) {
        v[tree.output] += Expectation(tree, 0, x, coalition);
      }
      return v;
    };
  }

  auto InterventionalGame(const Eigen::VectorXf& x, const RowMatrixF& background,
                          const Eigen::VectorXd& weights) const {
    return [this, x, background, weights](unsigned coalition) {
      Eigen::VectorXd v = Eigen::VectorXd::Zero(model_.num_outputs());
      for (Eigen::Index b = 0; b < background.rows(); ++b) {
        Eigen::VectorXf hybrid = background.row(b).transpose();
        for (int c = 0; c < hybrid.size(); ++c) {
          if ((coalition >> player_of_[c]) & 1) hybrid[c] = x[c];
        }
        v += weights[b] / weights.sum() * model_.Margin(hybrid.data());
      }
      return v;
    };
  }

  // Path-dependent: a split on an absent player averages its children by training cover.
  Eigen::MatrixXd PathDependent(const Eigen::VectorXf& x) const { return Shapley(PathGame(x)); }

  // Interventional: absent players take each background row's values, weighted.
  Eigen::MatrixXd Interventional(const Eigen::VectorXf& x, const RowMatrixF& background,
                                 const Eigen::VectorXd& weights) const {
    return Shapley(InterventionalGame(x, background, weights));
  }

 private:
  double Expectation(const Tree& tree, int i, const Eigen::VectorXf& x, unsigned coalition) const {
    const TreeNode& node = tree.nodes[i];
    if (node.is_leaf()) return node.value;
    if ((coalition >> player_of_[node.feature]) & 1) {
      return Expectation(tree, GoesLeft(tree, node, x[node.feature]) ? node.left : node.right, x,
                         coalition);
    }
    return (tree.nodes[node.left].cover * Expectation(tree, node.left, x, coalition) +
            tree.nodes[node.right].cover * Expectation(tree, node.right, x, coalition)) /
           node.cover;
  }

  // The split rules written out on their own: NaN (and, where zero is missing, |x| <= 1e-35)
  // takes the default side; a category is x truncated toward zero, in the set if its bit is on.
  static bool GoesLeft(const Tree& tree, const TreeNode& node, float x) {
    const bool zero = node.zero_is_missing && std::fabs(x) <= 1e-35f;
    if (std::isnan(x) || zero) return node.default_left;
    if (node.categories_begin < 0) return x < node.threshold;
    const double category = std::trunc(static_cast<double>(x));
    if (category < 0 || category >= 32.0 * node.categories_size) return false;
    const auto c = static_cast<int64_t>(category);
    return (tree.category_words[node.categories_begin + c / 32] >> (c % 32)) & 1u;
  }

  template <typename Game>
  Eigen::MatrixXd Shapley(const Game& v) const {
    return testing::GameShapley(v, players_, model_.num_outputs());
  }

  const TreeEnsemble& model_;
  int players_;
  std::vector<int> player_of_;
};

using testing::ExpectMatrixNear;

void ExpectEfficient(const Explanation& e, double tolerance, const std::string& what) {
  for (Eigen::Index k = 0; k < e.values.rows(); ++k) {
    EXPECT_NEAR(e.values.row(k).sum(), e.model_output[k] - e.base_value[k], tolerance) << what;
  }
}

struct Case {
  int width, trees, depth, outputs;
};

TEST(TreeShap, PathDependentEqualsBruteForceOnRandomTrees) {
  int seed = 0;
  // Depth 12 on 6 features makes paths of up to 6 players (tables); 11 features at depth 11
  // gives paths beyond TreeShap::kMaxTablePlayers, computed per row.
  for (const Case c : {Case{3, 2, 3, 1}, Case{5, 4, 4, 2}, Case{6, 3, 12, 1}, Case{11, 2, 11, 1}}) {
    const TreeEnsemble model = RandomEnsemble(c.width, c.trees, c.depth, c.outputs, ++seed);
    const Schema schema = Schema::FromNames(model.feature_names());
    const Background unused = Background::Uniform(RowMatrixF::Zero(1, c.width));
    const TreeShap shap(model, schema, TreeShapMode::kPathDependent, unused);
    const BruteForce brute(model, schema);
    std::mt19937 rng(seed);
    for (int r = 0; r < 6; ++r) {
      const Eigen::VectorXf x = RandomRow(c.width, rng, r % 2 == 1);
      const Explanation e = shap.Explain(x);
      ExpectMatrixNear(e.values, brute.PathDependent(x), 1e-9,
                       "case " + std::to_string(seed) + " row " + std::to_string(r));
      ExpectEfficient(e, 1e-9, "path-dependent");
    }
  }
}

// A batch's rows share the explainer's names (no copy of every name per row) and read the same.
TEST(TreeShap, RowsShareTheNamesList) {
  const TreeEnsemble model = RandomEnsemble(4, 2, 3, 1, 7);
  const Schema schema = Schema::FromNames(model.feature_names());
  const TreeShap shap(model, schema, TreeShapMode::kPathDependent,
                      Background::Uniform(RowMatrixF::Zero(1, 4)));
  std::mt19937 rng(7);
  const Explanation a = shap.Explain(RandomRow(4, rng, false));
  const Explanation b = shap.Explain(RandomRow(4, rng, false));
  EXPECT_EQ(&a.player_names.list(), &b.player_names.list());
  EXPECT_EQ(a.player_names, model.feature_names());
  EXPECT_EQ(a.settings, b.settings);
  EXPECT_EQ(a.settings.value("tree_mode", ""), "path");
  EXPECT_EQ(a.settings.value("trees", 0), 2);
}

// Categorical splits and zero-as-missing splits (LightGBM's), in both modes.
TEST(TreeShap, CategoricalAndZeroMissingSplitsEqualBruteForce) {
  int seed = 40;
  for (const Case c : {Case{3, 3, 4, 1}, Case{5, 4, 6, 2}, Case{10, 2, 10, 1}}) {
    const TreeEnsemble model =
        RandomEnsemble(c.width, c.trees, c.depth, c.outputs, ++seed, SplitKinds::kMixed);
    const Schema schema = Schema::FromNames(model.feature_names());
    std::mt19937 rng(seed);
    RowMatrixF rows(5, c.width);
    for (int b = 0; b < 5; ++b) rows.row(b) = testing::RandomCodeRow(c.width, rng).transpose();
    const Eigen::VectorXd weights = Eigen::VectorXd::LinSpaced(5, 1, 3);
    const TreeShap path(model, schema, TreeShapMode::kPathDependent, Background(rows, weights));
    const TreeShap interventional(model, schema, TreeShapMode::kInterventional,
                                  Background(rows, weights));
    const BruteForce brute(model, schema);
    for (int r = 0; r < 8; ++r) {
      const Eigen::VectorXf x = testing::RandomCodeRow(c.width, rng);
      const std::string what = "case " + std::to_string(seed) + " row " + std::to_string(r);
      const Explanation e = path.Explain(x);
      ExpectMatrixNear(e.values, brute.PathDependent(x), 1e-9, what + " path");
      EXPECT_NEAR(e.model_output[0], brute.PathGame(x)(~0u)[0], 1e-9) << what;
      ExpectMatrixNear(interventional.Explain(x).values, brute.Interventional(x, rows, weights),
                       1e-9, what + " interventional");
    }
  }
}

TEST(TreeShap, InterventionalEqualsBruteForceOnRandomTrees) {
  int seed = 10;
  for (const Case c : {Case{3, 2, 3, 1}, Case{5, 4, 4, 2}, Case{6, 3, 12, 1}, Case{10, 2, 10, 1}}) {
    const TreeEnsemble model = RandomEnsemble(c.width, c.trees, c.depth, c.outputs, ++seed);
    const Schema schema = Schema::FromNames(model.feature_names());
    std::mt19937 rng(seed);
    RowMatrixF rows(7, c.width);
    Eigen::VectorXd weights(7);
    for (int b = 0; b < 7; ++b) {
      rows.row(b) = RandomRow(c.width, rng, false).transpose();
      weights[b] = 0.5 + b;
    }
    const TreeShap shap(model, schema, TreeShapMode::kInterventional, Background(rows, weights));
    const BruteForce brute(model, schema);
    for (int r = 0; r < 6; ++r) {
      const Eigen::VectorXf x = RandomRow(c.width, rng, r % 2 == 1);
      const Explanation e = shap.Explain(x);
      ExpectMatrixNear(e.values, brute.Interventional(x, rows, weights), 1e-9,
                       "case " + std::to_string(seed) + " row " + std::to_string(r));
      ExpectEfficient(e, 1e-9, "interventional");
    }
  }
}

TEST(TreeShap, GroupsArePlayersInBothModes) {
  const TreeEnsemble model = RandomEnsemble(6, 4, 5, 1, 77);
  const Schema schema = Schema::FromNames(model.feature_names())
                            .WithGroups({{"g", {"x0", "x3"}}, {"h", {"x2", "x4", "x5"}}});
  std::mt19937 rng(5);
  RowMatrixF rows(5, 6);
  for (int b = 0; b < 5; ++b) rows.row(b) = RandomRow(6, rng, false).transpose();
  const Background background = Background::Uniform(rows);
  const BruteForce brute(model, schema);
  for (int r = 0; r < 4; ++r) {
    const Eigen::VectorXf x = RandomRow(6, rng, r == 1);
    ExpectMatrixNear(
        TreeShapValues(model, schema, x, background, TreeShapMode::kPathDependent).values,
        brute.PathDependent(x), 1e-9, "path, grouped");
    ExpectMatrixNear(
        TreeShapValues(model, schema, x, background, TreeShapMode::kInterventional).values,
        brute.Interventional(x, rows, Eigen::VectorXd::Ones(5)), 1e-9, "interventional, grouped");
  }
}

// LinearTreeShap on its own, tree by tree, whatever TreeShap would choose for these trees:
// shallow and deep, numerical and mixed splits (categorical, zero as missing), grouped players.
TEST(LinearTreeShap, EqualsBruteForceTreeByTree) {
  struct LinearCase {
    Case c;
    SplitKinds kinds;
    bool grouped;
  };
  int seed = 90;
  for (const LinearCase lc : {LinearCase{{3, 3, 3, 1}, SplitKinds::kNumerical, false},
                              LinearCase{{5, 4, 6, 2}, SplitKinds::kMixed, false},
                              LinearCase{{6, 3, 12, 1}, SplitKinds::kNumerical, true},
                              LinearCase{{11, 2, 11, 1}, SplitKinds::kNumerical, false},
                              LinearCase{{10, 2, 10, 1}, SplitKinds::kMixed, true}}) {
    const Case c = lc.c;
    const TreeEnsemble model =
        RandomEnsemble(c.width, c.trees, c.depth, c.outputs, ++seed, lc.kinds);
    Schema schema = Schema::FromNames(model.feature_names());
    if (lc.grouped) schema = schema.WithGroups({{"g", {"x0", "x3"}}, {"h", {"x2", "x4", "x5"}}});
    std::vector<int> player_of(c.width);
    for (int g = 0; g < schema.num_players(); ++g) {
      for (int column : schema.players()[g].columns) player_of[column] = g;
    }
    const BruteForce brute(model, schema);
    std::mt19937 rng(seed);
    for (int r = 0; r < 6; ++r) {
      const Eigen::VectorXf x = lc.kinds == SplitKinds::kMixed
                                    ? testing::RandomCodeRow(c.width, rng)
                                    : RandomRow(c.width, rng, r % 2);
      Eigen::MatrixXd values = Eigen::MatrixXd::Zero(c.outputs, schema.num_players());
      Eigen::VectorXd margin = model.base_margin();
      LinearTreeScratch scratch;
      for (const Tree& tree : model.trees()) {
        const LinearTreeShap linear(tree, player_of);
        Eigen::VectorXd phi = Eigen::VectorXd::Zero(schema.num_players());
        margin[tree.output] += linear.Add(tree, x.data(), phi.data(), scratch);
        values.row(tree.output) += phi.transpose();
      }
      const std::string what = "case " + std::to_string(seed) + " row " + std::to_string(r);
      ExpectMatrixNear(values, brute.PathDependent(x), 1e-9, what);
      EXPECT_NEAR((margin - model.Margin(x.data())).cwiseAbs().maxCoeff(), 0, 1e-12) << what;
    }
  }
}

// Two leaves under one split share one table (TreeLeafRecord): indexed by the left leaf's mask
// where the split's player is new on the path, and by one more bit (the right leaf's) where it
// split above too. Random trees of both split kinds, with missing values, grouped players and two
// outputs, have many pairs of each kind; values equal brute force in both modes, and the tables
// hold less than one table per leaf would.
TEST(TreeShap, SiblingPairTablesEqualBruteForce) {
  struct PairCase {
    Case shape;
    SplitKinds kinds;
    bool grouped;
  };
  int new_pairs = 0, repeat_pairs = 0, seed = 60;
  for (const PairCase c : {PairCase{{4, 6, 5, 2}, SplitKinds::kNumerical, false},
                           PairCase{{8, 4, 6, 1}, SplitKinds::kMixed, false},
                           PairCase{{6, 4, 6, 1}, SplitKinds::kNumerical, true}}) {
    const TreeEnsemble model = RandomEnsemble(c.shape.width, c.shape.trees, c.shape.depth,
                                              c.shape.outputs, ++seed, c.kinds);
    Schema schema = Schema::FromNames(model.feature_names());
    if (c.grouped) schema = schema.WithGroups({{"g", {"x0", "x3"}}, {"h", {"x1", "x4", "x5"}}});
    std::mt19937 rng(seed);
    const auto random_row = [&](bool with_missing) -> Eigen::VectorXf {
      Eigen::VectorXf x = c.kinds == SplitKinds::kMixed
                              ? testing::RandomCodeRow(c.shape.width, rng)
                              : RandomRow(c.shape.width, rng, with_missing);
      if (with_missing) x[seed % c.shape.width] = NAN;
      return x;
    };
    RowMatrixF rows(5, c.shape.width);
    for (int b = 0; b < 5; ++b) rows.row(b) = random_row(false).transpose();
    const Eigen::VectorXd weights = Eigen::VectorXd::LinSpaced(5, 1, 3);
    const BruteForce brute(model, schema);
    for (const TreeShapMode mode : {TreeShapMode::kPathDependent, TreeShapMode::kInterventional}) {
      const TreeShap shap(model, schema, mode, Background(rows, weights));
      const FlatTreeShapView view = shap.View();
      int64_t one_per_leaf = 0;
      for (int64_t l = 0; l < view.num_leaves; ++l) {
        const TreeLeafRecord& leaf = view.leaves[l];
        if (leaf.table_offset >= 0 || leaf.table_offset == kInSiblingTable) {
          one_per_leaf += (int64_t{1} << leaf.size) * leaf.size;
        }
        if (leaf.table_offset != kInSiblingTable) continue;
        ASSERT_GE(view.leaves[l - 1].table_offset, 0) << l;
        ++(view.leaves[l - 1].sibling_slot >= 0 ? repeat_pairs : new_pairs);
      }
      EXPECT_LT(view.num_tables, one_per_leaf);
      for (int r = 0; r < 6; ++r) {
        const Eigen::VectorXf x = random_row(r % 2 == 1);
        const std::string what = "case " + std::to_string(seed) + " " + TreeShapModeName(mode) +
                                 " row " + std::to_string(r);
        const Explanation e = shap.Explain(x);
        ExpectMatrixNear(e.values,
                         mode == TreeShapMode::kPathDependent
                             ? brute.PathDependent(x)
                             : brute.Interventional(x, rows, weights),
                         1e-9, what);
        ExpectEfficient(e, 1e-9, what);
      }
    }
  }
  EXPECT_GT(new_pairs, 20);
  EXPECT_GT(repeat_pairs, 20);
}

// Deep trees (200 of depth 14) run LinearTreeShap, whose state is the size of the tree: what
// TreeShap holds stays within the table budget (8 MiB) plus a bound per node (paths and
// LinearTreeShap's factors, about 400 B here), where tables of 2^k x k per leaf took 64 MiB plus
// the paths (the 114 MB of issue #14 on a 42k-node model). Values stay exact.
TEST(TreeShap, DeepTreesHoldStateProportionalToTheModel) {
  const TreeEnsemble model = testing::RandomDeepEnsemble(10, 200, 14, 7);
  int64_t nodes = 0;
  for (const Tree& tree : model.trees()) nodes += static_cast<int64_t>(tree.nodes.size());
  ASSERT_GT(nodes, 20000);
  const Schema schema = Schema::FromNames(model.feature_names());
  const Background unused = Background::Uniform(RowMatrixF::Zero(1, 10));
  const TreeShap shap(model, schema, TreeShapMode::kPathDependent, unused);
  EXPECT_LE(shap.StateBytes(), (int64_t{8} << 20) + 512 * nodes) << nodes << " nodes";
  const BruteForce brute(model, schema);
  std::mt19937 rng(3);
  const Eigen::VectorXf x = RandomRow(10, rng, true);
  const Explanation e = shap.Explain(x);
  ExpectMatrixNear(e.values, brute.PathDependent(x), 1e-9, "deep");
  ExpectEfficient(e, 1e-9, "deep");
}

// Depth-20 XGBoost trees: paths carry up to 12 players, so most leaves are computed per row.
TEST(TreeShap, DepthTwentyTreesEqualBruteForceAndStayAdditive) {
  const TreeEnsemble model = testing::LoadXgboost("deep");
  ASSERT_EQ(model.max_depth(), 20);
  const Schema schema = Schema::FromNames(model.feature_names());
  const auto rows = testing::ExpectedRows(testing::Expected("deep"));
  RowMatrixF background(6, model.input_width());
  for (int b = 0; b < 6; ++b) {
    background.row(b) = rows[b % 2 == 0 ? 0 : 2].transpose() * (1.0f + 0.1f * b);
  }
  const TreeShap path(model, schema, TreeShapMode::kPathDependent, Background::Uniform(background));
  const TreeShap interventional(model, schema, TreeShapMode::kInterventional,
                                Background::Uniform(background));
  const BruteForce brute(model, schema);
  for (size_t r = 0; r < 3; ++r) {
    const Explanation p = path.Explain(rows[r]);
    ExpectEfficient(p, 1e-9, "deep path");
    ExpectMatrixNear(p.values, brute.PathDependent(rows[r]), 1e-9, "deep path");
    const Explanation i = interventional.Explain(rows[r]);
    ExpectEfficient(i, 1e-9, "deep interventional");
    ExpectMatrixNear(i.values, brute.Interventional(rows[r], background, Eigen::VectorXd::Ones(6)),
                     1e-9, "deep interventional");
  }
}

TEST(TreeShap, EfficiencyOnEveryDemoRow) {
  const TreeEnsemble model = testing::LoadXgboost("ctr");
  const std::string demo = std::string(WHYREC_SOURCE_DIR) + "/examples/demo/";
  std::ifstream file(demo + "candidates.csv");
  std::string line;
  std::getline(file, line);
  std::vector<Eigen::VectorXf> rows;
  while (std::getline(file, line)) {
    std::vector<float> cells;
    std::stringstream fields(line);
    std::string cell;
    for (int c = 0; std::getline(fields, cell, ','); ++c) {
      if (c >= 2 && c < 14) cells.push_back(std::stof(cell));
    }
    rows.push_back(Eigen::Map<Eigen::VectorXf>(cells.data(), 12));
  }
  ASSERT_EQ(rows.size(), 8000u);
  RowMatrixF background(100, 12);
  for (int b = 0; b < 100; ++b) background.row(b) = rows[b * 80 + 3].transpose();
  const Schema schema = Schema::FromNames(model.feature_names());
  for (const TreeShapMode mode : {TreeShapMode::kPathDependent, TreeShapMode::kInterventional}) {
    const TreeShap shap(model, schema, mode, Background::Uniform(background));
    for (const auto& x : rows) {
      const Explanation e = shap.Explain(x);
      ASSERT_NEAR(e.values.sum(), e.model_output[0] - e.base_value[0], 1e-9);
    }
  }
}

TEST(TreeShap, ReportsMethodAndSettings) {
  const TreeEnsemble model = RandomEnsemble(3, 2, 3, 1, 1);
  const Background background = Background::Uniform(RowMatrixF::Zero(2, 3));
  const Explanation e =
      TreeShapValues(model, Schema::FromNames(model.feature_names()), Eigen::VectorXf::Zero(3),
                     background, TreeShapMode::kInterventional);
  EXPECT_EQ(e.method, "tree");
  EXPECT_EQ(e.settings["tree_mode"], "interventional");
  EXPECT_EQ(e.settings["background_rows"], 2);
  EXPECT_EQ(e.evaluations, 0);
}

TEST(TreeShap, RejectsBadInput) {
  const TreeEnsemble model = RandomEnsemble(3, 2, 3, 1, 1);
  const Schema schema = Schema::FromNames(model.feature_names());
  const Background background = Background::Uniform(RowMatrixF::Zero(2, 3));
  const TreeShap shap(model, schema, TreeShapMode::kPathDependent, background);
  EXPECT_THROW(shap.Explain(Eigen::VectorXf::Zero(4)), std::invalid_argument);
  Eigen::VectorXf x = Eigen::VectorXf::Zero(3);
  x[1] = INFINITY;
  EXPECT_THROW(shap.Explain(x), std::invalid_argument);
  EXPECT_THROW(ParseTreeShapMode("tree_path_dependent"), std::invalid_argument);
  EXPECT_THROW(
      TreeShap(model, Schema::FromNames({"a", "b"}), TreeShapMode::kPathDependent, background),
      std::invalid_argument);
}

TEST(TreeShap, InteractionsEqualBruteForceAndSumToValues) {
  int seed = 30;
  for (const Case c : {Case{3, 2, 3, 1}, Case{5, 4, 4, 2}, Case{6, 3, 9, 1}, Case{10, 2, 10, 1}}) {
    const TreeEnsemble model = RandomEnsemble(c.width, c.trees, c.depth, c.outputs, ++seed);
    const Schema schema = Schema::FromNames(model.feature_names());
    std::mt19937 rng(seed);
    RowMatrixF rows(5, c.width);
    Eigen::VectorXd weights(5);
    for (int b = 0; b < 5; ++b) {
      rows.row(b) = RandomRow(c.width, rng, false).transpose();
      weights[b] = 1.0 + b * b;
    }
    const Background background(rows, weights);
    const BruteForce brute(model, schema);
    for (const TreeShapMode mode : {TreeShapMode::kPathDependent, TreeShapMode::kInterventional}) {
      const TreeShap shap(model, schema, mode, background, /*interactions=*/true);
      for (int r = 0; r < 3; ++r) {
        const Eigen::VectorXf x = RandomRow(c.width, rng, r == 1);
        const Explanation e = shap.Explain(x);
        const auto matrices = shap.Interactions(x, e.values);
        for (int k = 0; k < c.outputs; ++k) {
          const Eigen::MatrixXd expected =
              mode == TreeShapMode::kPathDependent
                  ? brute.Interaction(brute.PathGame(x), k)
                  : brute.Interaction(brute.InterventionalGame(x, rows, weights), k);
          const std::string what = TreeShapModeName(mode) + " case " + std::to_string(seed);
          ExpectMatrixNear(matrices[k], expected, 1e-9, what);
          ExpectMatrixNear(matrices[k].rowwise().sum().transpose(), e.values.row(k), 1e-9, what);
        }
      }
    }
  }
}

TEST(TreeShap, PathInteractionsEqualXgboostPredInteractions) {
  const TreeEnsemble model = testing::LoadXgboost("ctr");
  const nlohmann::json expected = testing::Expected("ctr");
  const auto rows = testing::ExpectedRows(expected);
  const Background unused = Background::Uniform(RowMatrixF::Zero(1, 12));
  const TreeShap shap(model, Schema::FromNames(model.feature_names()), TreeShapMode::kPathDependent,
                      unused);
  for (size_t r = 0; r < rows.size(); ++r) {
    const Explanation e = shap.ExplainWithInteractions(rows[r]);
    const auto& ours = e.extra["interaction_values"];
    for (int i = 0; i < 12; ++i) {
      for (int j = 0; j < 12; ++j) {
        const double theirs = expected["interactions"][r][i][j];
        EXPECT_NEAR(ours[i][j].get<double>(), theirs, 1e-5 * std::max(1.0, std::abs(theirs)))
            << "row " << r << " (" << i << ", " << j << ")";
      }
    }
  }
}

}  // namespace
}  // namespace whyrec
