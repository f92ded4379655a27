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

// The cells of every term for one set of rows, each term's in one contiguous array in row order,
// and the rows' residuals: the boosting loop reads memory in sequence instead of through row
// indices.
struct GatheredRows {
  std::vector<std::vector<uint16_t>> cell;  // per term, per row of the set
  std::vector<double> residual;
};

GatheredRows Gather(const std::vector<BinnedTerm>& terms, const Eigen::VectorXd& target,
                    const std::vector<int>& rows) {
  GatheredRows gathered;
  gathered.cell.resize(terms.size());
  for (size_t t = 0; t < terms.size(); ++t) {
    gathered.cell[t].reserve(rows.size());
    for (int r : rows) gathered.cell[t].push_back(terms[t].cell[r]);
  }
  gathered.residual.reserve(rows.size());
  for (int r : rows) gathered.residual.push_back(target[r]);
  return gathered;
}

// Partial sums that rows take in turn: consecutive rows of one cell add to different partials,
// so an add need not wait for the previous row's (the loop's bottleneck with one table).
constexpr int kPartials = 4;
static_assert(kPartials == 4, "StepAndSum adds the partials as two pairs: change both together");

// Applies `step` to the residuals of the rows and sums the residuals per cell of the next term
// into `sum` (resized to `cells`), each partial in row order, the partials added in a fixed order.
void StepAndSum(const std::vector<uint16_t>& cell, const std::vector<double>& step,
                const std::vector<uint16_t>& next_cell, int cells, std::vector<double>* partials,
                std::vector<double>* residual, std::vector<double>* sum) {
  partials->assign(static_cast<size_t>(kPartials) * cells, 0.0);
  double* part = partials->data();
  double* res = residual->data();
  const size_t n = residual->size();
  size_t r = 0;
  for (; r + kPartials <= n; r += kPartials) {
    for (int k = 0; k < kPartials; ++k) {
      res[r + k] -= step[cell[r + k]];
      part[k * cells + next_cell[r + k]] += res[r + k];
    }
  }
  for (; r < n; ++r) {
    res[r] -= step[cell[r]];
    part[next_cell[r]] += res[r];
  }
  sum->resize(cells);
  for (int c = 0; c < cells; ++c) {
    (*sum)[c] = (part[c] + part[cells + c]) + (part[2 * cells + c] + part[3 * cells + c]);
  }
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
  GatheredRows fitted = Gather(terms, target, train);
  GatheredRows scored = Gather(terms, target, valid);
  // Fitted rows per cell never change; residual sums are taken for the next term in the same
  // pass over the rows that applies a term's step (one pass a step instead of two).
  std::vector<std::vector<double>> counts(terms.size());
  for (size_t t = 0; t < terms.size(); ++t) {
    counts[t].assign(terms[t].cells(), 0.0);
    for (uint16_t c : fitted.cell[t]) counts[t][c] += 1.0;
  }
  std::vector<double> sum, partials, step;
  if (!terms.empty()) {
    // The first term's sums: a pass with no step.
    const std::vector<double> none(terms[0].cells(), 0.0);
    StepAndSum(fitted.cell[0], none, fitted.cell[0], terms[0].cells(), &partials, &fitted.residual,
               &sum);
  }
  double best_error = std::numeric_limits<double>::infinity();
  double mark = best_error;
  int since_mark = 0;
  Random random(options.seed);
  for (int round = 0; round < options.max_rounds; ++round) {
    Random* smoothing = round < options.smoothing_rounds ? &random : nullptr;
    for (size_t t = 0; t < terms.size(); ++t) {
      const BinnedTerm& term = terms[t];
      step.resize(term.cells());
      if (term.column_bins == 1) {
        MainStep(sum, counts[t], options.learning_rate, options.min_samples_leaf, smoothing, &step);
      } else {
        PairTreeStep(sum, counts[t], term.row_bins, term.column_bins, options.learning_rate,
                     options.min_samples_leaf, smoothing, &step);
      }
      for (int c = 0; c < term.cells(); ++c) tables[t][c] += step[c];
      const size_t next = (t + 1) % terms.size();
      StepAndSum(fitted.cell[t], step, fitted.cell[next], terms[next].cells(), &partials,
                 &fitted.residual, &sum);
      const std::vector<uint16_t>& valid_cell = scored.cell[t];
      for (size_t r = 0; r < valid_cell.size(); ++r) scored.residual[r] -= step[valid_cell[r]];
    }
    if (valid.empty()) continue;
    double error = 0.0;
    for (double e : scored.residual) error += e * e;
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
