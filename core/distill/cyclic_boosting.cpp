#include "core/distill/cyclic_boosting.h"

#include <limits>
#include <tuple>
#include <utility>

#include "core/random.h"

namespace whyrec {
namespace {

double Explained(double sum, double count) { return count > 0 ? sum * sum / count : 0.0; }
double Mean(double sum, double count) { return count > 0 ? sum / count : 0.0; }

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

// Steps for a pair: the 2 x 2 cut (first feature's bins < i vs >= i, second's < j vs >= j)
// that explains the most of the residual, from 2-D prefix sums.
void PairStep(const std::vector<double>& sum, const std::vector<double>& count, int rows,
              int columns, double rate, int min_leaf, Random* random, std::vector<double>* step) {
  Eigen::MatrixXd s = Eigen::MatrixXd::Zero(rows + 1, columns + 1);
  Eigen::MatrixXd c = Eigen::MatrixXd::Zero(rows + 1, columns + 1);
  for (int a = 1; a <= rows; ++a) {
    for (int b = 1; b <= columns; ++b) {
      const int cell = (a - 1) * columns + (b - 1);
      s(a, b) = sum[cell] + s(a - 1, b) + s(a, b - 1) - s(a - 1, b - 1);
      c(a, b) = count[cell] + c(a - 1, b) + c(a, b - 1) - c(a - 1, b - 1);
    }
  }
  const double ts = s(rows, columns), tc = c(rows, columns);
  int best_i = rows, best_j = columns;  // no cut: one leaf
  double best_gain = Explained(ts, tc);
  double leaf_sum[4], leaf_count[4];
  const auto quadrants = [&](int i, int j) {
    leaf_sum[0] = s(i, j);
    leaf_count[0] = c(i, j);
    leaf_sum[1] = s(i, columns) - s(i, j);
    leaf_count[1] = c(i, columns) - c(i, j);
    leaf_sum[2] = s(rows, j) - s(i, j);
    leaf_count[2] = c(rows, j) - c(i, j);
    leaf_sum[3] = ts - leaf_sum[0] - leaf_sum[1] - leaf_sum[2];
    leaf_count[3] = tc - leaf_count[0] - leaf_count[1] - leaf_count[2];
  };
  std::vector<std::pair<int, int>> valid;
  for (int i = 1; i < rows; ++i) {
    for (int j = 1; j < columns; ++j) {
      quadrants(i, j);
      double gain = 0.0;
      bool small = false;
      for (int q = 0; q < 4; ++q) {
        small |= leaf_count[q] < min_leaf;
        gain += Explained(leaf_sum[q], leaf_count[q]);
      }
      if (small) continue;
      if (random) {
        valid.emplace_back(i, j);
      } else if (gain > best_gain) {
        best_gain = gain;
        best_i = i;
        best_j = j;
      }
    }
  }
  if (random && !valid.empty()) std::tie(best_i, best_j) = valid[random->Below(valid.size())];
  quadrants(best_i, best_j);
  for (int a = 0; a < rows; ++a) {
    for (int b = 0; b < columns; ++b) {
      const int q = (a < best_i ? 0 : 2) + (b < best_j ? 0 : 1);
      (*step)[a * columns + b] = rate * Mean(leaf_sum[q], leaf_count[q]);
    }
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
  // Residuals of the rows that are fitted or scored; other rows are never read.
  Eigen::VectorXd residual = target;
  std::vector<double> sum, count, step;
  double best_error = std::numeric_limits<double>::infinity();
  double mark = best_error;
  int since_mark = 0;
  Random random(options.seed);
  for (int round = 0; round < options.max_rounds; ++round) {
    Random* smoothing = round < options.smoothing_rounds ? &random : nullptr;
    for (size_t t = 0; t < terms.size(); ++t) {
      const BinnedTerm& term = terms[t];
      const std::vector<uint32_t>& cell = term.cell;
      sum.assign(term.cells(), 0.0);
      count.assign(term.cells(), 0.0);
      for (int r : train) {
        sum[cell[r]] += residual[r];
        count[cell[r]] += 1.0;
      }
      step.resize(term.cells());
      if (term.column_bins == 1) {
        MainStep(sum, count, options.learning_rate, options.min_samples_leaf, smoothing, &step);
      } else {
        PairStep(sum, count, term.row_bins, term.column_bins, options.learning_rate,
                 options.min_samples_leaf, smoothing, &step);
      }
      for (int c = 0; c < term.cells(); ++c) tables[t][c] += step[c];
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
