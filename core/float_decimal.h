#pragma once

#include <cstdio>
#include <cstdlib>

namespace whyrec {

// The double nearest the shortest decimal that reads back as `value`: a CSV's 2.8, read into a
// float, is reported as 2.8 rather than 2.799999952316284. (std::to_chars for floats would do
// it, but Emscripten 3.1.6's libc++ lacks it.)
inline double FloatAsDecimal(float value) {
  char text[32];
  for (int digits = 6; digits < 9; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, static_cast<double>(value));
    if (std::strtof(text, nullptr) == value) return std::strtod(text, nullptr);
  }
  return value;
}

}  // namespace whyrec
