#pragma once

#include <vector>

#include "core/random.h"

namespace whyrec {

// One boosting step for a pair term, as EBM's two-dimensional boosting makes it: a cut on one
// feature, then each side cut on the other feature where that side's residual is best explained
// (each side may cut elsewhere, or not at all), trying both features first. Up to four leaves
// of at least `min_leaf` fitted rows, each moving by `rate` times its mean residual. `sum` and
// `count` are the residual's sums and row counts per cell, row-major over `rows` x `columns`
// bins (bin 0 of a feature, its missing values, falls on the low side of every cut). With
// `random` (smoothing rounds), the feature cut first and every cut are drawn uniformly among the
// valid ones instead. Writes each cell's move to `step`.
void PairTreeStep(const std::vector<double>& sum, const std::vector<double>& count, int rows,
                  int columns, double rate, int min_leaf, Random* random,
                  std::vector<double>* step);

}  // namespace whyrec
