#include "core/distill/cyclic_boosting.h"

#include <limits>

namespace whyrec {

std::vector<std::vector<double>> BoostTerms(const std::vector<BinnedTerm>& terms,
                                            const Eigen::VectorXd& target,
                                            const std::vector<int>& train,
                                            const std::vector<int>& valid,
                                            const BoostingOptions& options) {
  std::vector<std::vector<double>> tables(terms.size());
  for (size_t t = 0; t < terms.size(); ++t) tables[t].assign(terms[t].cells, 0.0);
  std::vector<std::vector<double>> best = tables;
  // Residuals of the rows that are fitted or scored; other rows are never read.
  Eigen::VectorXd residual = target;
  std::vector<double> sum, count, step;
  double best_error = std::numeric_limits<double>::infinity();
  double mark = best_error;
  int since_mark = 0;
  for (int round = 0; round < options.max_rounds; ++round) {
    for (size_t t = 0; t < terms.size(); ++t) {
      const std::vector<uint32_t>& cell = terms[t].cell;
      sum.assign(terms[t].cells, 0.0);
      count.assign(terms[t].cells, 0.0);
      for (int r : train) {
        sum[cell[r]] += residual[r];
        count[cell[r]] += 1.0;
      }
      step.resize(terms[t].cells);
      for (int c = 0; c < terms[t].cells; ++c) {
        step[c] = options.learning_rate * sum[c] / (count[c] + options.smoothing);
        tables[t][c] += step[c];
      }
      for (int r : train) residual[r] -= step[cell[r]];
      for (int r : valid) residual[r] -= step[cell[r]];
    }
    if (valid.empty()) continue;
    double error = 0.0;
    for (int r : valid) error += residual[r] * residual[r];
    if (error < best_error) {
      best_error = error;
      best = tables;
    }
    // Patience runs from the last round that improved on `mark` by min_improvement.
    if (error < mark * (1.0 - options.min_improvement)) {
      mark = error;
      since_mark = 0;
    } else if (++since_mark >= options.early_stopping_rounds) {
      break;
    }
  }
  return valid.empty() ? tables : best;
}

}  // namespace whyrec
