// TreeSHAP of an ONNX tree ensemble with every branch mode (BRANCH_EQ and BRANCH_NEQ rewritten as
// < splits with copied subtrees) against brute-force Shapley values of the games defined on the
// ONNX trees themselves: the rewrite must leave both games unchanged.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/explain/trees/tree_shap.h"
#include "core/models/onnx_attributes.h"
#include "native/onnx_tree_ensemble.h"
#include "tests/cpp/game_shapley.h"
#include "tests/cpp/tree_fixtures.h"

namespace whyrec {
namespace {

using testing::ExpectMatrixNear;

// The ONNX trees read straight from the attributes, evaluated as ONNX Runtime does.
class OnnxForest {
 public:
  explicit OnnxForest(const OnnxNodeAttributes& a) : base_(a.floats.at("base_values")[0]) {
    const auto& trees = a.ints.at("nodes_treeids");
    for (size_t r = 0; r < trees.size(); ++r) {
      row_of_[{trees[r], a.ints.at("nodes_nodeids")[r]}] = r;
      if (roots_.empty() || roots_.back().first != trees[r]) roots_.push_back({trees[r], r});
    }
    modes_ = a.strings.at("nodes_modes");
    features_ = a.ints.at("nodes_featureids");
    values_ = a.floats.at("nodes_values");
    hitrates_ = a.floats.at("nodes_hitrates");
    tracks_ = a.ints.at("nodes_missing_value_tracks_true");
    true_ = a.ints.at("nodes_truenodeids");
    false_ = a.ints.at("nodes_falsenodeids");
    weight_.assign(trees.size(), 0.0);
    for (size_t e = 0; e < a.ints.at("target_nodeids").size(); ++e) {
      weight_[row_of_.at({a.ints.at("target_treeids")[e], a.ints.at("target_nodeids")[e]})] +=
          a.floats.at("target_weights")[e];
    }
  }

  // The path-dependent game: a split on a feature outside the coalition averages its branches
  // by nodes_hitrates.
  double PathValue(const Eigen::VectorXf& x, unsigned coalition) const {
    double v = base_;
    for (const auto& [tree, root] : roots_) v += Expectation(tree, root, x, coalition);
    return v;
  }

  double Predict(const Eigen::VectorXf& x) const { return PathValue(x, ~0u); }

 private:
  bool TakesTrue(size_t r, float x) const {
    const std::string& mode = modes_[r];
    const float v = values_[r];
    if (std::isnan(x)) return mode == "BRANCH_NEQ" || tracks_[r] == 1;
    if (mode == "BRANCH_LT") return x < v;
    if (mode == "BRANCH_LEQ") return x <= v;
    if (mode == "BRANCH_GT") return x > v;
    if (mode == "BRANCH_GTE") return x >= v;
    if (mode == "BRANCH_EQ") return x == v;
    return x != v;
  }

  double Expectation(int64_t tree, size_t r, const Eigen::VectorXf& x, unsigned coalition) const {
    if (modes_[r] == "LEAF") return weight_[r];
    const size_t t = row_of_.at({tree, true_[r]}), f = row_of_.at({tree, false_[r]});
    if ((coalition >> features_[r]) & 1) {
      return Expectation(tree, TakesTrue(r, x[features_[r]]) ? t : f, x, coalition);
    }
    return (hitrates_[t] * Expectation(tree, t, x, coalition) +
            hitrates_[f] * Expectation(tree, f, x, coalition)) /
           hitrates_[r];
  }

  double base_;
  std::map<std::pair<int64_t, int64_t>, size_t> row_of_;
  std::vector<std::pair<int64_t, size_t>> roots_;
  std::vector<std::string> modes_;
  std::vector<int64_t> features_, tracks_, true_, false_;
  std::vector<float> values_, hitrates_;
  std::vector<double> weight_;
};

TEST(OnnxBranchModes, TreeShapEqualsBruteForceOnTheOnnxTrees) {
  const std::string file = "branch_modes_trees.onnx";
  const std::string bytes = testing::ReadFile(testing::TreesDir() + file);
  const OnnxNodeAttributes attributes = ReadOnnxTreeEnsembleNode(bytes, file);
  for (const char* mode :
       {"BRANCH_EQ", "BRANCH_NEQ", "BRANCH_LT", "BRANCH_LEQ", "BRANCH_GT", "BRANCH_GTE"}) {
    const auto& modes = attributes.strings.at("nodes_modes");
    EXPECT_NE(std::find(modes.begin(), modes.end(), mode), modes.end()) << mode;
  }
  const OnnxForest forest(attributes);
  const TreeEnsemble model = ParseOnnxTreeEnsemble(bytes, file);
  const int m = model.input_width();
  ASSERT_EQ(m, 5);
  const Schema schema = Schema::FromNames(model.feature_names());
  // Values 0..3 hit the equality splits; 1.5 and NaN fall between or outside them.
  std::mt19937 rng(9);
  const auto random_row = [&](bool missing) {
    Eigen::VectorXf x(m);
    for (int j = 0; j < m; ++j) {
      const int pick = std::uniform_int_distribution<int>(0, 5)(rng);
      x[j] = pick < 4 ? pick : pick == 4 ? 1.5f : (missing ? NAN : 2.0f);
    }
    return x;
  };
  // Half the background rows may have missing values too: interventional TreeSHAP routes them
  // through nodes_missing_value_tracks_true as the brute-force game does.
  RowMatrixF background(6, m);
  for (int b = 0; b < 6; ++b) background.row(b) = random_row(b % 2 == 1).transpose();
  ASSERT_TRUE(background.hasNaN());
  const Eigen::VectorXd weights = Eigen::VectorXd::LinSpaced(6, 1.0, 2.0);
  const auto path_game = [&](const Eigen::VectorXf& x) {
    return [&, x](unsigned s) { return Eigen::VectorXd::Constant(1, forest.PathValue(x, s)); };
  };
  const auto interventional_game = [&](const Eigen::VectorXf& x) {
    return [&, x](unsigned s) {
      double v = 0;
      for (int b = 0; b < 6; ++b) {
        Eigen::VectorXf hybrid = background.row(b).transpose();
        for (int j = 0; j < m; ++j) {
          if ((s >> j) & 1) hybrid[j] = x[j];
        }
        v += weights[b] / weights.sum() * forest.Predict(hybrid);
      }
      return Eigen::VectorXd::Constant(1, v);
    };
  };
  for (const TreeShapMode mode : {TreeShapMode::kPathDependent, TreeShapMode::kInterventional}) {
    const TreeShap shap(model, schema, mode, Background(background, weights), true);
    for (int r = 0; r < 40; ++r) {
      const Eigen::VectorXf x = random_row(r % 2 == 1);
      const std::string what = TreeShapModeName(mode) + " row " + std::to_string(r);
      ASSERT_NEAR(model.Margin(x.data())[0], forest.Predict(x), 1e-6) << what;
      const Explanation e = shap.ExplainWithInteractions(x);
      const bool path = mode == TreeShapMode::kPathDependent;
      const Eigen::MatrixXd expected = path ? testing::GameShapley(path_game(x), m, 1)
                                            : testing::GameShapley(interventional_game(x), m, 1);
      ExpectMatrixNear(e.values, expected, 1e-9, what);
      EXPECT_NEAR(e.values.sum(), e.model_output[0] - e.base_value[0], 1e-9) << what;
      const Eigen::MatrixXd interactions =
          path ? testing::GameInteractions(path_game(x), m, 0, 1)
               : testing::GameInteractions(interventional_game(x), m, 0, 1);
      const auto matrices = shap.Interactions(x, e.values);
      ExpectMatrixNear(matrices[0], interactions, 1e-9, what + " interactions");
    }
  }
}

}  // namespace
}  // namespace whyrec
