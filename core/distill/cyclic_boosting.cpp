#include "core/distill/cyclic_boosting.h"

#include <limits>
#include <utility>

#include "core/distill/leaf_sums.h"
#include "core/distill/pair_tree_step.h"
#include "core/random.h"

namespace whyrec {
namespace {

// Steps for a main term: the missing bin alone, then the value bins split in two where the
// split explains the most of the residual.
// With `random`, the split is drawn uniformly among the valid ones instead.
void MainStep(const std::vector<double>& sum, const std::vector<double>& count, double rate,
              int min_leaf, Random* random, std::vector<double>* step) {
  const int bins = static_cast<int>(sum.size());
  (*step)[0] = rate * Mean(sum[0], count[0]);
  double total_sum = 0.0, total_count = 0.0;
  for (int b = 1; b < bins; ++b) {
    total_sum += sum[b];
    total_count += count[b];
  }
  int best_split = bins;  // bins: no split
  double best_gain = Explained(total_sum, total_count);
  double left_sum = 0.0, left_count = 0.0;
  std::vector<int> valid;
  for (int s = 2; s < bins; ++s) {
    left_sum += sum[s - 1];
    left_count += count[s - 1];
    const double right_count = total_count - left_count;
    if (left_count < min_leaf || right_count < min_leaf) continue;
    if (random) {
      valid.push_back(s);
      continue;
    }
    const double gain =
        Explained(left_sum, left_count) + Explained(total_sum - left_sum, right_count);
    if (gain > best_gain) {
      best_gain = gain;
      best_split = s;
    }
  }
  if (random && !valid.empty()) best_split = valid[random->Below(valid.size())];
  double ls = 0.0, lc = 0.0;
  for (int b = 1; b < best_split; ++b) {
    ls += sum[b];
    lc += count[b];
  }
  const double left = rate * Mean(ls, lc);
  const double right = rate * Mean(total_sum - ls, total_count - lc);
  for (int b = 1; b < bins; ++b) (*step)[b] = b < best_split ? left : right;
}

}  // namespace

std::vector<std::vector<double>> BoostTerms(const std::vector<BinnedTerm>& terms,
                                            const Eigen::VectorXd& target,
                                            const std::vector<int>& train,
                                            const std::vector<int>& valid,
                                            const BoostingOptions& options) {
  std::vector<std::vector<double>> tables(terms.size());
  for (size_t t = 0; t < terms.size(); ++t) tables[t].assign(terms[t].cells(), 0.0);
  std::vector<std::vector<double>> best = tables;
  // Residuals of the rows that are fitted or scored; other rows are never read.
  Eigen::VectorXd residual = target;
  // Fitted rows per cell never change; residual sums are taken for the next term in the same
  // pass over the rows that applies a term's step (one pass a step instead of two).
  std::vector<std::vector<double>> counts(terms.size());
  for (size_t t = 0; t < terms.size(); ++t) {
    counts[t].assign(terms[t].cells(), 0.0);
    for (int r : train) counts[t][terms[t].cell[r]] += 1.0;
  }
  std::vector<double> sum, next_sum, step;
  if (!terms.empty()) {
    sum.assign(terms[0].cells(), 0.0);
    for (int r : train) sum[terms[0].cell[r]] += residual[r];
  }
  double best_error = std::numeric_limits<double>::infinity();
  double mark = best_error;
  int since_mark = 0;
  Random random(options.seed);
  for (int round = 0; round < options.max_rounds; ++round) {
    Random* smoothing = round < options.smoothing_rounds ? &random : nullptr;
    for (size_t t = 0; t < terms.size(); ++t) {
      const BinnedTerm& term = terms[t];
      const std::vector<uint32_t>& cell = term.cell;
      step.resize(term.cells());
      if (term.column_bins == 1) {
        MainStep(sum, counts[t], options.learning_rate, options.min_samples_leaf, smoothing, &step);
      } else {
        PairTreeStep(sum, counts[t], term.row_bins, term.column_bins, options.learning_rate,
                     options.min_samples_leaf, smoothing, &step);
      }
      for (int c = 0; c < term.cells(); ++c) tables[t][c] += step[c];
      const std::vector<uint32_t>& next_cell = terms[(t + 1) % terms.size()].cell;
      next_sum.assign(terms[(t + 1) % terms.size()].cells(), 0.0);
      for (int r : train) {
        residual[r] -= step[cell[r]];
        next_sum[next_cell[r]] += residual[r];
      }
      std::swap(sum, next_sum);
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
