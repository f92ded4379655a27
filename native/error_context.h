#pragma once

#include <stdexcept>
#include <string>

namespace whyrec {

// Runs body(), prefixing the message of a std::invalid_argument or std::runtime_error it throws
// with where() + ": " (rethrown as the same kind), so that an error names the row or line it met;
// where() runs only on error.
template <typename Where, typename Body>
auto WithContext(const Where& where, const Body& body) {
  try {
    return body();
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(where() + ": " + e.what());
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(where() + ": " + e.what());
  }
}

// The error's place in a histories file: "<source>: line N" (lines from 1, row r on line r + 1).
inline std::string HistoryLine(const std::string& source, int64_t row) {
  return source + ": line " + std::to_string(row + 1);
}

}  // namespace whyrec
