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

// Parses "A:B", "A:", ":B", "A" or "" (all rows) against a table of `rows` rows, like a Python
// slice without negative indices. Empty or out-of-range selections are errors naming `source`.
RowRange ParseRowRange(const std::string& text, Eigen::Index rows, const std::string& source);

}  // namespace whyrec
