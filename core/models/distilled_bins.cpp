#include "core/models/distilled_bins.h"

#include <algorithm>
#include <utility>

namespace whyrec {
namespace {

// Keeps, of bins 0..count-1, bin 0, bin 1 and each later bin that differs from the one before
// (same(b) compares bin b with bin b - 1); drops the cuts between merged bins.
template <typename Same>
std::vector<int> KeptBins(int count, std::vector<float>* cuts, const Same& same) {
  std::vector<int> kept;
  std::vector<float> kept_cuts;
  for (int b = 0; b < count; ++b) {
    if (b >= 2 && same(b)) continue;
    kept.push_back(b);
    if (b >= 2) kept_cuts.push_back((*cuts)[b - 2]);  // bin b starts at cut b - 2
  }
  *cuts = std::move(kept_cuts);
  return kept;
}

}  // namespace

DistilledTerm MergeEqualBins(DistilledTerm term) {
  const std::vector<double>& s = term.scores;
  if (term.features.size() == 1) {
    const std::vector<int> kept =
        KeptBins(term.bins(0), &term.cuts[0], [&](int b) { return s[b] == s[b - 1]; });
    std::vector<double> scores;
    for (int b : kept) scores.push_back(s[b]);
    term.scores = std::move(scores);
    return term;
  }
  const int columns = term.bins(1);
  const auto row = [&](int a) { return s.begin() + static_cast<std::ptrdiff_t>(a) * columns; };
  const std::vector<int> rows = KeptBins(term.bins(0), &term.cuts[0], [&](int a) {
    return std::equal(row(a), row(a) + columns, row(a - 1));
  });
  const std::vector<int> kept_columns = KeptBins(columns, &term.cuts[1], [&](int b) {
    return std::all_of(rows.begin(), rows.end(), [&](int a) { return row(a)[b] == row(a)[b - 1]; });
  });
  std::vector<double> scores;
  for (int a : rows) {
    for (int b : kept_columns) scores.push_back(row(a)[b]);
  }
  term.scores = std::move(scores);
  return term;
}

}  // namespace whyrec
