#pragma once

#include <cstdint>

#include "core/matrix.h"

namespace whyrec {

// Rows for the teacher to score beyond the data, so that a surrogate is fitted on more of the
// teacher's answers than the data has rows (distillation's classic move; Bucilua, Caruana and
// Niculescu-Mizil, KDD 2006). Each synthetic row crosses two rows of x: a copy of one row whose
// every feature, with probability 1/2, takes the value of a second row drawn at random. Every
// value is one the data has in that column, pairs of features take new combinations, and the
// additive terms see each value beside many others. `per_row` synthetic rows for each row of x,
// in order (the copies of row 0 first); the same for the same seed on every build.
RowMatrixF CrossedRows(const RowMatrixF& x, int per_row, uint64_t seed);

}  // namespace whyrec
