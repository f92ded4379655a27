#pragma once

#include <Eigen/Core>
#include <string>

namespace whyrec {

// Rows begin..end-1 of a table.
struct RowRange {
  Eigen::Index begin = 0;
  Eigen::Index end = 0;
  Eigen::Index size() const { return end - begin; }
};

// Parses "A:B", "A:", ":B", "A" or "" (all rows) against a table of `rows` rows, 0-based after
// the header, like a Python slice without negative indices: A:B past the end is clamped ("100:200"
// of 114 rows is 100..113). A selection left empty, and a single row A past the end, are errors
// naming `source` (an explanation of no rows is a mistake worth saying).
RowRange ParseRowRange(const std::string& text, Eigen::Index rows, const std::string& source);

}  // namespace whyrec
