#include "core/explain/sequence/history_csv.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>

#include "core/byte_order_mark.h"

namespace whyrec {
namespace {

std::string_view Trim(std::string_view s) {
  const auto begin = s.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t") - begin + 1);
}

// Cells go into messages; a long one (a binary file read by mistake) is cut short.
std::string Quoted(std::string_view cell) {
  constexpr size_t kShown = 40;
  if (cell.size() <= kShown) return "'" + std::string(cell) + "'";
  return "'" + std::string(cell.substr(0, kShown)) + "...'";
}

}  // namespace

int64_t ParseItemId(std::string_view cell, const std::string& where) {
  if (cell.empty()) throw std::invalid_argument(where + ": empty cell, expected an item id");
  int64_t id = 0;
  const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), id);
  if (error == std::errc::result_out_of_range) {
    throw std::invalid_argument(where + ": " + Quoted(cell) + " is too large for an item id");
  }
  if (error != std::errc() || end != cell.data() + cell.size()) {
    throw std::invalid_argument(where + ": " + Quoted(cell) + " is not an integer item id");
  }
  if (id < 0) {
    throw std::invalid_argument(where + ": " + Quoted(cell) +
                                " is negative; item ids are non-negative integers");
  }
  return id;
}

std::vector<std::vector<int64_t>> ParseHistoriesCsv(std::string_view text,
                                                    const std::string& source) {
  text = WithoutByteOrderMark(text);
  if (text.empty()) throw std::invalid_argument(source + ": the file is empty, expected histories");
  std::vector<std::vector<int64_t>> histories;
  size_t start = 0;
  while (start < text.size()) {
    size_t stop = text.find('\n', start);
    if (stop == std::string_view::npos) stop = text.size();
    std::string_view line = text.substr(start, stop - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::string where = source + ": line " + std::to_string(histories.size() + 1);
    if (Trim(line).empty()) {
      throw std::invalid_argument(where + " is empty; each line must be one history of at " +
                                  "least one item id (blank lines are not skipped)");
    }
    std::vector<int64_t> items;
    size_t cell_start = 0;
    while (true) {
      const size_t comma = line.find(',', cell_start);
      const std::string_view cell =
          line.substr(cell_start, comma == std::string_view::npos ? std::string_view::npos
                                                                  : comma - cell_start);
      try {
        items.push_back(
            ParseItemId(Trim(cell), where + ", history item " + std::to_string(items.size())));
      } catch (const std::invalid_argument& e) {
        // Words on the first line are most likely a header.
        const bool word = std::any_of(cell.begin(), cell.end(), [](char c) {
          return std::isalpha(static_cast<unsigned char>(c));
        });
        if (!histories.empty() || !word) throw;
        throw std::invalid_argument(std::string(e.what()) + "; a histories file has no header");
      }
      if (comma == std::string_view::npos) break;
      cell_start = comma + 1;
    }
    histories.push_back(std::move(items));
    start = stop + 1;
  }
  return histories;
}

}  // namespace whyrec
