#pragma once

#include <string_view>

namespace whyrec {

// Text without a leading UTF-8 byte order mark, which spreadsheet programs (Excel's "CSV UTF-8")
// write before the header; left in, it would become part of the first column's name.
inline std::string_view WithoutByteOrderMark(std::string_view text) {
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    text.remove_prefix(kByteOrderMark.size());
  }
  return text;
}

}  // namespace whyrec
