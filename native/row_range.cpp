#include "native/row_range.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace whyrec {
namespace {

Eigen::Index ParseIndex(const std::string& text, const std::string& spec) {
  if (text.empty() || text.size() > 15) {
    throw std::invalid_argument("--rows '" + spec + "': expected A:B with row numbers");
  }
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) {
      throw std::invalid_argument("--rows '" + spec + "': '" + text + "' is not a row number");
    }
  }
  return static_cast<Eigen::Index>(std::stoll(text));
}

}  // namespace

RowRange ParseRowRange(const std::string& text, Eigen::Index rows, const std::string& source) {
  RowRange range{0, rows};
  const auto colon = text.find(':');
  const bool single = !text.empty() && colon == std::string::npos;
  if (single) {
    range.begin = ParseIndex(text, text);
    range.end = range.begin + 1;
  } else if (!text.empty()) {
    const std::string a = text.substr(0, colon), b = text.substr(colon + 1);
    if (!a.empty()) range.begin = ParseIndex(a, text);
    if (!b.empty()) range.end = ParseIndex(b, text);
  }
  // A slice is clamped to the table as Python clamps one; a single row must exist, as a[i] must.
  if (!single) {
    range.begin = std::min(range.begin, rows);
    range.end = std::min(range.end, rows);
  }
  if (range.end > rows || range.begin >= range.end) {
    const std::string rows_text =
        rows == 0 ? "no data rows"
                  : std::to_string(rows) + " data rows (0.." + std::to_string(rows - 1) + ")";
    throw std::invalid_argument("--rows '" + text + "' selects no rows of " + source +
                                ", which has " + rows_text +
                                "; rows count from 0 after the header");
  }
  return range;
}

}  // namespace whyrec
