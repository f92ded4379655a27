#pragma once

#include <string>

#include "core/matrix.h"

namespace whyrec {

// The scores a surrogate fits: column `column` of a teacher's output (one row per data row). An
// output of one column needs no choice (`column` -1 or 0). One of several (a class or a target
// each) needs one: fitting column 0 unasked would fit a binary classifier's probability of class 0
// or a multiclass model's first class. `output` names the teacher's output and `choose` the
// setting that picks a column ("--column"), in errors.
Eigen::VectorXd TeacherColumn(const RowMatrixF& outputs, int column, const std::string& output,
                              const std::string& choose);

}  // namespace whyrec
