#pragma once

#include <string_view>

namespace whyrec {

// Reads the whole of `text` as one decimal number, as std::from_chars reads it, plus a leading
// '+' (which CSV writers may emit); an overflow or underflow gives what strtod gives (infinity,
// or a zero or denormal). False when `text` is not one number.
bool ParseNumber(std::string_view text, double* value);

}  // namespace whyrec
