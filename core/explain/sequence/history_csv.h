#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace whyrec {

// Histories as text, the shape of a histories.csv file: one history per line, its item ids
// separated by commas, oldest first; no header. Line r + 1 is history r, so a blank line is an
// error rather than skipped (skipping would shift every later history's number), and there are
// no comment lines. A final line break, CRLF line ends, spaces or tabs around an id and a UTF-8
// byte order mark are accepted. Errors name `source`, the line (from 1) and the history item
// (from 0, as in the explanation's "history"): "histories.csv: line 4, history item 6: 'x12' is
// not an integer item id". Whether the ids suit a model is History's check, not this one's.
std::vector<std::vector<int64_t>> ParseHistoriesCsv(std::string_view text,
                                                    const std::string& source);

// One item id given as text (a cell, spaces already trimmed): a non-negative decimal integer
// that fits in int64. `where` starts the error message ("items.csv: row 3").
int64_t ParseItemId(std::string_view cell, const std::string& where);

}  // namespace whyrec
