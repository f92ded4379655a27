#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

#include "core/distill/cyclic_boosting.h"
#include "core/distill/pair_detection.h"
#include "core/matrix.h"
#include "core/models/distilled_model.h"

namespace whyrec {

struct Ga2mOptions {
  // Defaults measured on the bench (bench/README.md): 1,024 main bins and 40 pairs of 16 x 16
  // bins reach held-out R^2 0.926 on the XGBoost teacher at 25 KB gzip; 66 pairs of 32 x 32 also
  // 0.926, at 43 KB.
  int max_bins = 1024;     // value bins per feature for the shape functions (plus a NaN bin)
  int max_pair_bins = 16;  // coarser value bins per feature of a pair table
  int interactions = 40;   // pairs added after the mains, strongest by FAST first
  int bags = 8;            // outer bags, averaged
  double validation_fraction = 0.15;  // each bag's held-out rows, for early stopping
  uint64_t seed = 0;
  BoostingOptions boosting;
};

struct Ga2mFit {
  DistilledModel model;
  // Every feature pair, strongest first, as FAST ranked them on the mains' residual.
  std::vector<PairStrength> pair_ranking;
};

// Fits a GA2M in the EBM manner to `target` (the teacher's scores, margins or logits): mains by
// cyclic boosting on quantile bins, in `bags` seeded bags (each with its own early-stopping
// split) averaged; then the `interactions` strongest pairs (FAST on the mains' residual) as
// coarser 2-D tables boosted the same way on that residual, then one more bagged pass of the
// mains on what is left (back-fitting). Every term is centred to mean zero
// over the rows of x, the intercept holding the rest, so a term's value is its contribution.
// Deterministic for a seed. The first `data_rows` rows of x are data (all when negative); rows
// after them are synthetic (CrossedRows), always fitted and never used for early stopping.
Ga2mFit FitGa2m(const RowMatrixF& x, const Eigen::VectorXd& target,
                std::vector<std::string> feature_names, Link link, const Ga2mOptions& options,
                Eigen::Index data_rows = -1);

}  // namespace whyrec
