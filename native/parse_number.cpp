#include "native/parse_number.h"

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <system_error>

#include "native/powers_of_ten.h"

namespace whyrec {
namespace {

// 10^0 .. 10^22: the powers of ten that are exact doubles.
constexpr auto kExactPowersOf10 = PowersOfTen<double, 23>();

// Clinger's fast path, which fast_float (and so libstdc++'s from_chars) also takes first: a
// plain decimal "[-]digits[.digits]" whose digits, read as an integer m, are at most 2^53 and
// whose fraction has k <= 22 digits is m / 10^k, both exact doubles, so the one rounding of the
// division gives the correctly rounded value, which from_chars gives too. Most cells of a
// numeric file are such decimals (the wide job's cells: 106 instructions each, callgrind,
// against 146 in from_chars).
// False, with nothing written, for anything else (exponents, long digit strings, "nan", ...).
bool ParsePlainDecimal(const char* p, const char* end, double* value) {
  const bool negative = p != end && *p == '-';
  if (negative) ++p;
  constexpr int kMaxDigits = 19;  // 10^19 - 1 < 2^64: no overflow
  uint64_t digits = 0;
  int count = 0;
  int fraction = 0;
  bool point = false;
  for (; p != end; ++p) {
    const unsigned digit = static_cast<unsigned>(*p - '0');
    if (digit < 10) {
      if (++count > kMaxDigits) return false;
      digits = digits * 10 + digit;
      fraction += point;
    } else if (*p == '.' && !point) {
      point = true;
    } else {
      return false;
    }
  }
  constexpr uint64_t kMaxExact = uint64_t{1} << 53;
  if (count == 0 || digits > kMaxExact || fraction >= static_cast<int>(kExactPowersOf10.size())) {
    return false;
  }
  const double magnitude = static_cast<double>(digits) / kExactPowersOf10[fraction];
  *value = negative ? -magnitude : magnitude;
  return true;
}

}  // namespace

bool ParseNumber(std::string_view text, double* value) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  // from_chars takes no leading '+'.
  if (text.size() > 1 && *begin == '+' && begin[1] != '-' && begin[1] != '+') ++begin;
  if (ParsePlainDecimal(begin, end, value)) return true;
  const auto [ptr, error] = std::from_chars(begin, end, *value);
  if (ptr != end) return false;
  if (error == std::errc::result_out_of_range) {
    const std::string copy(begin, end);
    *value = std::strtod(copy.c_str(), nullptr);
    return true;
  }
  return error == std::errc();
}

}  // namespace whyrec
