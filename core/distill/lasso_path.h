#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

#include "core/matrix.h"
#include "core/models/linear_model.h"

namespace whyrec {

struct LassoOptions {
  int path_length = 60;               // lambdas, log-spaced from lambda_max down
  double min_ratio = 1e-4;            // smallest lambda / lambda_max
  int max_terms = 0;                  // size budget: most non-zero coefficients (0: no budget)
  double validation_fraction = 0.15;  // rows held out to pick the lambda
  uint64_t seed = 0;
  double tolerance = 1e-8;  // coordinate descent stops when no coefficient moves more
  int max_sweeps = 1000;
};

struct LassoFit {
  LinearModel model;
  double lambda;  // chosen, on standardized features and centred target
  int nonzero;
  double validation_r2;  // of the chosen lambda on the held-out rows
};

// Sparse linear surrogate by the L1 path: coordinate descent on standardized features (warm
// starts down the path), the lambda picked by R^2 on seeded held-out rows (the best within the
// size budget), then refitted on all rows at that lambda. Missing values are refused (naming
// the row and feature). Coefficients are returned on the original feature scale.
LassoFit FitLasso(const RowMatrixF& x, const Eigen::VectorXd& target,
                  std::vector<std::string> feature_names, Link link, const LassoOptions& options);

}  // namespace whyrec
