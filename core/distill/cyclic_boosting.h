#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace whyrec {

// A binned term for boosting: the table cell each data row falls in. A main term has
// `rows_bins` bins and `column_bins` 1; a pair's cells are row-major over (first, second) bins.
// Bin 0 of each feature is its missing-value bin. Cells fit 16 bits: a main has at most 65,001
// bins (max_bins 65,000), a pair at most 256 x 256 cells (max_pair_bins 255).
struct BinnedTerm {
  std::vector<uint16_t> cell;  // per row
  int row_bins = 0;
  int column_bins = 1;
  int cells() const { return row_bins * column_bins; }
};

struct BoostingOptions {
  // Each step's leaves move by this fraction of their mean residual.
  double learning_rate = 0.1;
  // Fits on data rows alone stop early (about 50 to 1,400 rounds on the bench); with synthetic
  // rows the validation error keeps falling by crumbs, and 1,500 rounds fitted as well as 3,000
  // (held-out R^2 over seeds 0-4, augment 7: 0.9402 against 0.9397 on the XGBoost teacher, 0.9886
  // against 0.9885 on the MLP) in half the time.
  int max_rounds = 1500;
  // Stop when the validation error has not improved for this many rounds (keep the best).
  int early_stopping_rounds = 50;
  // A round counts as an improvement when it lowers the validation error by this fraction:
  // a smooth teacher otherwise keeps improving by crumbs until max_rounds.
  double min_improvement = 1e-5;
  // Fewest fitted rows on each side of a split.
  int min_samples_leaf = 4;
  // The first rounds cut at a random valid split instead of the best one (EBM's smoothing
  // rounds): many random steps average into smooth shapes, which a smooth teacher rewards.
  int smoothing_rounds = 0;
  uint64_t seed = 0;  // of the smoothing rounds' cuts
};

// Cyclic gradient boosting of additive tables on squared loss, as EBM does it: each round visits
// every term in order and fits one shallow tree to the residual over its bins: for a main term
// one split of the value bins (two leaves; the missing bin is a leaf of its own), for a pair a cut
// of one feature and a cut of the other on each side (PairTreeStep: up to four leaves, missing
// bins on the low side), each leaf moving by learning_rate * its mean residual. Fits `target` over
// rows `train`; stops early on the mean squared error over `valid` (when empty, runs max_rounds).
// Returns one table per term.
std::vector<std::vector<double>> BoostTerms(const std::vector<BinnedTerm>& terms,
                                            const Eigen::VectorXd& target,
                                            const std::vector<int>& train,
                                            const std::vector<int>& valid,
                                            const BoostingOptions& options);

}  // namespace whyrec
