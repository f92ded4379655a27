#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace whyrec {

// A binned term for boosting: the table cell each data row falls in.
struct BinnedTerm {
  std::vector<uint32_t> cell;  // per row
  int cells = 0;
};

struct BoostingOptions {
  // Steps are per-bin means, so large steps converge; 0.4 matched 0.1's held-out fidelity on
  // both bench teachers in a quarter of the rounds.
  double learning_rate = 0.4;
  int max_rounds = 2000;
  // Stop when the validation error has not improved for this many rounds (keep the best).
  int early_stopping_rounds = 30;
  // A round counts as an improvement when it lowers the validation error by this fraction:
  // a smooth teacher otherwise keeps improving by crumbs until max_rounds.
  double min_improvement = 1e-4;
  // Shrinks a cell's step toward zero by count / (count + smoothing): sparse cells move slowly.
  double smoothing = 4.0;
};

// Cyclic gradient boosting of additive tables on squared loss: each round visits every term in
// order and moves each of its cells by learning_rate * (mean residual in the cell, shrunk).
// Fits `target` over rows `train`; stops early on the mean squared error over `valid` (when
// empty, runs max_rounds). Returns one table per term, each with term.cells values.
std::vector<std::vector<double>> BoostTerms(const std::vector<BinnedTerm>& terms,
                                            const Eigen::VectorXd& target,
                                            const std::vector<int>& train,
                                            const std::vector<int>& valid,
                                            const BoostingOptions& options);

}  // namespace whyrec
