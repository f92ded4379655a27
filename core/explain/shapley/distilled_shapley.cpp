#include "core/explain/shapley/distilled_shapley.h"

#include <stdexcept>
#include <string>

#include "core/explain/shapley/margin_explanation.h"

namespace whyrec {

DistilledShapley::DistilledShapley(const DistilledModel& model, const Background& background)
    : model_(model), background_rows_(background.size()) {
  if (background.width() != model.input_width()) {
    throw std::invalid_argument("the background has " + std::to_string(background.width()) +
                                " columns, the distilled model " +
                                std::to_string(model.input_width()));
  }
  const RowMatrixF& rows = background.rows();
  const Eigen::VectorXd& w = background.weights();
  const int n = background.size();
  for (int r = 0; r < n; ++r) base_value_ += w[r] * model.Margin(rows.row(r).data());
  std::vector<int> first_bins(n), second_bins(n);
  for (const DistilledTerm& term : model.terms()) {
    TermSums s;
    const int i = term.features[0];
    for (int r = 0; r < n; ++r) first_bins[r] = BinOf(term.cuts[0], rows(r, i));
    if (term.features.size() == 1) {
      for (int r = 0; r < n; ++r) s.none += w[r] * term.scores[first_bins[r]];
      sums_.push_back(std::move(s));
      continue;
    }
    const int j = term.features[1];
    for (int r = 0; r < n; ++r) second_bins[r] = BinOf(term.cuts[1], rows(r, j));
    for (int r = 0; r < n; ++r)
      s.none += w[r] * term.scores[term.CellOf(first_bins[r], second_bins[r])];
    s.first_given.assign(term.bins(0), 0.0);
    for (int a = 0; a < term.bins(0); ++a) {
      for (int r = 0; r < n; ++r)
        s.first_given[a] += w[r] * term.scores[term.CellOf(a, second_bins[r])];
    }
    s.second_given.assign(term.bins(1), 0.0);
    for (int b = 0; b < term.bins(1); ++b) {
      for (int r = 0; r < n; ++r)
        s.second_given[b] += w[r] * term.scores[term.CellOf(first_bins[r], b)];
    }
    sums_.push_back(std::move(s));
  }
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
