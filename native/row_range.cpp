#include "native/row_range.h"

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
  if (text.empty()) {
  } else if (colon == std::string::npos) {
    range.begin = ParseIndex(text, text);
    range.end = range.begin + 1;
  } else {
    const std::string a = text.substr(0, colon), b = text.substr(colon + 1);
    if (!a.empty()) range.begin = ParseIndex(a, text);
    if (!b.empty()) range.end = ParseIndex(b, text);
  }
  if (range.end > rows || range.begin >= range.end) {
    throw std::invalid_argument("--rows '" + text + "' selects no rows of " + source +
                                ", which has " + std::to_string(rows) + " data rows (0.." +
                                std::to_string(rows - 1) + ")");
  }
  return range;
}

}  // namespace whyrec
