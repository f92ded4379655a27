#include "core/explain/shapley/distilled_shapley.h"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/explain/shapley/margin_explanation.h"

namespace whyrec {

namespace {

constexpr double kNotSummed = std::numeric_limits<double>::quiet_NaN();

// Which of feature `k`'s bins of `term` the rows fall in; all of them without rows.
std::vector<char> BinsNeeded(const DistilledTerm& term, int k, const RowMatrixF* rows) {
  std::vector<char> needed(term.bins(k), rows == nullptr);
  if (rows == nullptr) return needed;
  for (Eigen::Index r = 0; r < rows->rows(); ++r) {
    needed[BinOf(term.cuts[k], (*rows)(r, term.features[k]))] = 1;
  }
  return needed;
}

// E_b f of a pair term with its feature `k` in each bin the rows need and the other feature from
// the background (`other_bins`, one per background row), summed over the rows in order; NaN for
// the bins not needed.
std::vector<double> GivenSums(const DistilledTerm& term, int k, const std::vector<int>& other_bins,
                              const Eigen::VectorXd& w, const RowMatrixF* explained) {
  const std::vector<char> needed = BinsNeeded(term, k, explained);
  const auto cell = [&](int bin, int other) {
    return k == 0 ? term.CellOf(bin, other) : term.CellOf(other, bin);
  };
  std::vector<double> sums(term.bins(k), kNotSummed);
  for (int bin = 0; bin < term.bins(k); ++bin) {
    if (!needed[bin]) continue;
    double sum = 0.0;
    for (size_t r = 0; r < other_bins.size(); ++r)
      sum += w[r] * term.scores[cell(bin, other_bins[r])];
    sums[bin] = sum;
  }
  return sums;
}

}  // namespace

DistilledShapley::DistilledShapley(const DistilledModel& model, const Background& background,
                                   const RowMatrixF* explained)
    : model_(model), background_rows_(background.size()) {
  if (background.width() != model.input_width()) {
    throw std::invalid_argument("the background has " + std::to_string(background.width()) +
                                " columns, the distilled model " +
                                std::to_string(model.input_width()));
  }
  if (explained && explained->cols() != model.input_width()) {
    throw std::invalid_argument("the rows have " + std::to_string(explained->cols()) +
                                " columns, the distilled model " +
                                std::to_string(model.input_width()));
  }
  const RowMatrixF& rows = background.rows();
  const Eigen::VectorXd& w = background.weights();
  const int n = background.size();
  // Each background row's margin, added up term by term as Margin() does, from the bins the
  // terms' sums use.
  std::vector<double> margins(n, model.intercept());
  std::vector<int> first_bins(n), second_bins(n);
  for (const DistilledTerm& term : model.terms()) {
    TermSums s;
    const int i = term.features[0];
    for (int r = 0; r < n; ++r) first_bins[r] = BinOf(term.cuts[0], rows(r, i));
    if (term.features.size() == 1) {
      for (int r = 0; r < n; ++r) {
        margins[r] += term.scores[first_bins[r]];
        s.none += w[r] * term.scores[first_bins[r]];
      }
      sums_.push_back(std::move(s));
      continue;
    }
    const int j = term.features[1];
    for (int r = 0; r < n; ++r) second_bins[r] = BinOf(term.cuts[1], rows(r, j));
    for (int r = 0; r < n; ++r) {
      const double score = term.scores[term.CellOf(first_bins[r], second_bins[r])];
      margins[r] += score;
      s.none += w[r] * score;
    }
    s.first_given = GivenSums(term, 0, second_bins, w, explained);
    s.second_given = GivenSums(term, 1, first_bins, w, explained);
    sums_.push_back(std::move(s));
  }
  for (int r = 0; r < n; ++r) base_value_ += w[r] * margins[r];
}

Eigen::VectorXd DistilledShapley::Values(const float* x) const {
  Eigen::VectorXd phi = Eigen::VectorXd::Zero(model_.input_width());
  const std::vector<DistilledTerm>& terms = model_.terms();
  for (size_t t = 0; t < terms.size(); ++t) {
    const DistilledTerm& term = terms[t];
    const TermSums& s = sums_[t];
    const int i = term.features[0];
    const int a = BinOf(term.cuts[0], x[i]);
    if (term.features.size() == 1) {
      phi[i] += term.scores[a] - s.none;
      continue;
    }
    const int j = term.features[1];
    const int b = BinOf(term.cuts[1], x[j]);
    const double v_i = s.first_given[a], v_j = s.second_given[b];
    if (std::isnan(v_i) || std::isnan(v_j)) {
      throw std::logic_error("DistilledShapley::Values: a row the sums were not made for");
    }
    const double v_both = term.scores[term.CellOf(a, b)];
    phi[i] += 0.5 * (v_i - s.none) + 0.5 * (v_both - v_j);
    phi[j] += 0.5 * (v_j - s.none) + 0.5 * (v_both - v_i);
  }
  return phi;
}

Explanation DistilledExplanation(const DistilledShapley& shapley, const Schema& schema,
                                 const float* x) {
  return MarginExplanation("additive", schema, shapley.Values(x), shapley.base_value(),
                           shapley.model().Margin(x), shapley.background_rows());
}

}  // namespace whyrec
