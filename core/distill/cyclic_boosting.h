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
  double learning_rate = 0.1;
  int max_rounds = 2000;
  // Stop when the validation error has not improved for this many rounds (keep the best).
  int early_stopping_rounds = 30;
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
