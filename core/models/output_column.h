#pragma once

#include <string>

#include "core/matrix.h"

namespace whyrec {

// How the CLI's and the JS API's ask/tell methods name the setting that picks a column.
inline constexpr char kColumnSetting[] = "--column (JS: `column`)";

// Which column of a model's output a method that reads one score per row takes (a surrogate's
// fit, a counterfactual's rank). An output of one column needs no choice (`column` -1 or 0); one
// of several (a class or a target each) needs one: column 0 unasked would be a binary
// classifier's probability of class 0, or a multiclass model's first class. `output` names the
// output in errors ("the teacher's output 'margin'"), `choose` the setting that picks a column
// ("--column").
Eigen::Index OutputColumn(Eigen::Index columns, int column, const std::string& output,
                          const std::string& choose);

}  // namespace whyrec
