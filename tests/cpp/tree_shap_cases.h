#pragma once

#include <Eigen/Core>
#include <random>
#include <string>
#include <vector>

#include "core/background.h"
#include "core/matrix.h"
#include "core/models/tree_ensemble.h"
#include "core/schema.h"
#include "tests/cpp/random_trees.h"
#include "tests/cpp/tree_fixtures.h"

// Models, backgrounds and rows on which other implementations of TreeSHAP are compared with
// TreeShap::Explain: the committed XGBoost models (incl. depth 20 and several outputs) and
// random trees whose paths are longer than the 8 players that get tables.
namespace whyrec::testing {

struct TreeShapCase {
  std::string name;
  TreeEnsemble model;
  RowMatrixF background;
  RowMatrixF rows;  // with missing values
  Schema schema() const { return Schema::FromNames(model.feature_names()); }
  Background weighted_background() const {
    Eigen::VectorXd weights = Eigen::VectorXd::LinSpaced(background.rows(), 1.0, 2.0);
    return Background(background, weights);
  }
};

// The fixture's rows, then copies scaled by 0.8 .. 1.2 with some cells missing.
inline RowMatrixF FixtureRows(const std::string& name, int copies, std::mt19937& rng) {
  const std::vector<Eigen::VectorXf> fixture = ExpectedRows(Expected(name));
  const int n = static_cast<int>(fixture.size());
  RowMatrixF rows(n * (copies + 1), fixture[0].size());
  std::uniform_real_distribution<float> scale(0.8f, 1.2f);
  std::uniform_int_distribution<int> missing(0, 9);
  for (int r = 0; r < rows.rows(); ++r) {
    rows.row(r) = fixture[r % n].transpose();
    if (r < n) continue;
    for (int c = 0; c < rows.cols(); ++c) {
      rows(r, c) = missing(rng) == 0 ? NAN : rows(r, c) * scale(rng);
    }
  }
  return rows;
}

inline std::vector<TreeShapCase> TreeShapCases() {
  std::vector<TreeShapCase> cases;
  std::mt19937 rng(2024);
  for (const std::string name : {"ctr", "deep", "multiclass", "ranking", "regression", "ndcg"}) {
    RowMatrixF rows = FixtureRows(name, 3, rng);
    RowMatrixF background = FixtureRows(name, 4, rng).bottomRows(10);
    // Backgrounds have no missing values; take the fixture's first row there.
    for (int b = 0; b < background.rows(); ++b) {
      for (int c = 0; c < background.cols(); ++c) {
        if (std::isnan(background(b, c))) background(b, c) = rows(0, c);
      }
    }
    cases.push_back({name, LoadXgboost(name), background, rows});
  }
  struct Shape {
    int width, trees, depth, outputs;
  };
  unsigned seed = 100;
  for (const Shape s : {Shape{6, 5, 4, 2}, Shape{12, 4, 10, 1}, Shape{16, 3, 14, 1}}) {
    RowMatrixF rows(12, s.width), background(7, s.width);
    for (int r = 0; r < rows.rows(); ++r) rows.row(r) = RandomRow(s.width, rng, r % 2).transpose();
    for (int b = 0; b < background.rows(); ++b) {
      background.row(b) = RandomRow(s.width, rng, false).transpose();
    }
    cases.push_back({"random depth " + std::to_string(s.depth),
                     RandomEnsemble(s.width, s.trees, s.depth, s.outputs, ++seed), background,
                     rows});
  }
  return cases;
}

}  // namespace whyrec::testing
