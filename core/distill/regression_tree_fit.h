#pragma once

#include <Eigen/Core>

#include "core/matrix.h"
#include "core/models/tree_ensemble.h"

namespace whyrec {

struct RegressionTreeOptions {
  int max_depth = 6;       // splits on a path from the root to a leaf
  int min_leaf_rows = 20;  // fewest fitted rows in a leaf
  int max_bins = 256;      // candidate thresholds per feature: its quantile cuts
};

// A CART regression tree on squared loss: grown depth-first, each node split at the threshold
// (among each feature's quantile cuts) that lowers the squared error most, while both children
// keep min_leaf_rows rows; a node stops at max_depth or when no split lowers the error. Missing
// values (NaN) go to the side that lowers the error more (XGBoost's learned default); where the
// node saw none, to its larger child. A leaf's value is its rows' mean target; covers are row
// counts. No randomness: ties go to the first feature, then the lowest threshold.
Tree FitRegressionTree(const RowMatrixF& x, const Eigen::VectorXd& target,
                       const RegressionTreeOptions& options);

}  // namespace whyrec
