#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "core/distill/item_to_item_model.h"

namespace whyrec {

// What a history model's teacher said: scored (history, target) rows over shared histories.
struct ItemToItemData {
  std::vector<std::vector<int64_t>> histories;  // item ids, oldest first
  std::vector<int> history;                     // each row's history, an index into histories
  std::vector<int64_t> target;                  // each row's scored item
  Eigen::VectorXd score;                        // each row's teacher score
  int rows() const { return static_cast<int>(target.size()); }
};

struct ItemToItemOptions {
  // Candidate decays: one is used as given; with more, the one whose fit has the best R² on a
  // seeded `validation` share of the histories (whole histories held out) is refitted on all.
  std::vector<double> decays = {0, 0.5, 0.7, 0.8, 0.9, 0.95, 1};
  double validation = 0.2;
  double l2 = 1;  // ridge penalty on every pair weight (the biases are not penalised)
  // Pairs kept, strongest first by the root mean square of their term over the target's rows:
  // at most max_pairs_per_target per target and pair_budget in all (-1: no cap; a pair budget of
  // 0 keeps only the biases, the popularity baseline). The kept pairs are then refitted.
  int max_pairs_per_target = -1;
  int pair_budget = -1;
  // A low-rank part w(i -> t) = u_i . v_t of this rank (0: none), fitted first by alternating
  // least squares (factor_iterations rounds, penalty l2); the pairs are then fitted to what it
  // leaves (the teacher's score minus its prediction).
  int rank = 0;
  int factor_iterations = 10;
  uint64_t seed = 0;
};

// Fits the item-to-item surrogate by least squares: the loss separates by target, so each
// target's bias and pair weights (pairs (i -> t) seen in its rows' histories) are a ridge
// regression of its own, solved by conjugate gradient on the sparse design (LSCG, to 1e-12);
// with a rank, after the low-rank part (FitLowRankFactors), on its residual.
// Errors name the problem: no rows, a non-finite teacher score (with its row), a row whose
// history index is out of range, a negative item id, a decay outside [0, 1], a negative l2 or
// rank.
ItemToItemModel FitItemToItem(const ItemToItemData& data, const ItemToItemOptions& options);

}  // namespace whyrec
