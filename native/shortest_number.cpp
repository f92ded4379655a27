#include "native/shortest_number.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

// Dragonbox (Jeon 2020) is in fmt's internal namespace; fmt's public formatting of a double
// takes 480 instructions, most of them its format-spec machinery, so the digits are laid out
// here in the form std::to_chars chooses. Debian's libfmt-dev (9.1) pins the version.
#include <fmt/format.h>

#include "native/powers_of_ten.h"

namespace whyrec {
namespace {

constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

constexpr auto kPowersOf10 = PowersOfTen<uint64_t, 18>();  // 10^0 .. 10^17

// The shortest digits of a double number at most 17.
constexpr int kMaxDigits = 17;

void TwoDigits(uint32_t v, char* p) { std::memcpy(p, kDigitPairs + 2 * v, 2); }

void EightDigits(uint32_t v, char* p) {
  const uint32_t high = v / 10000;
  const uint32_t low = v % 10000;
  TwoDigits(high / 100, p);
  TwoDigits(high % 100, p + 2);
  TwoDigits(low / 100, p + 4);
  TwoDigits(low % 100, p + 6);
}

// Digits of v > 0 (below 10^17): log10 from the bit length, then one comparison.
int DecimalDigits(uint64_t v) {
  const int guess = ((64 - __builtin_clzll(v)) * 1233) >> 12;
  return guess + (v >= kPowersOf10[guess]);
}

}  // namespace

char* WriteShortestNumber(double x, char* p) {
  if (std::signbit(x)) {
    *p++ = '-';
    x = -x;
  }
  if (x == 0) {
    *p = '0';
    return p + 1;
  }
  if (!(x < 9007199254740992.0)) return std::to_chars(p, p + kShortestNumberRoom - 1, x).ptr;
  const auto decimal = fmt::detail::dragonbox::to_decimal(x);  // significand x 10^exponent
  // All 17 places are written, leading zeros included, so that every copy below is of a fixed
  // size (inlined moves, not memcpy calls); the slack after them is what those copies overread.
  char digits[2 * kMaxDigits] = {};
  const uint64_t significand = decimal.significand;
  const auto high = static_cast<uint32_t>(significand / 100000000);
  digits[0] = static_cast<char>('0' + high / 100000000);
  EightDigits(high % 100000000, digits + 1);
  EightDigits(static_cast<uint32_t>(significand % 100000000), digits + 9);
  const int n = DecimalDigits(significand);
  const char* first = digits + kMaxDigits - n;
  const int e = decimal.exponent;
  const int exponent = n + e - 1;  // scientific
  const int exponent_abs = exponent < 0 ? -exponent : exponent;
  const int scientific_chars = n + (n > 1) + 2 + (exponent_abs >= 100 ? 3 : 2);
  const int fixed_chars = e >= 0 ? n + e : (n + e > 0 ? n + 1 : 2 - e);
  if (fixed_chars <= scientific_chars) {
    if (e >= 0) {  // an integer: e <= 5 here, or scientific would be shorter
      std::memcpy(p, first, kMaxDigits);
      std::memset(p + n, '0', 8);
      return p + n + e;
    }
    if (n + e > 0) {  // a point inside the digits
      std::memcpy(p, first, kMaxDigits);
      p[n + e] = '.';
      std::memcpy(p + n + e + 1, first + n + e, kMaxDigits);
      return p + n + 1;
    }
    // "0.", then at most 3 zeros (-e <= n + 3 here, or scientific would be shorter)
    std::memcpy(p, "0.000000", 8);
    std::memcpy(p + 2 - (n + e), first, kMaxDigits);
    return p + 2 - e;
  }
  p[0] = first[0];
  p[1] = '.';
  std::memcpy(p + 2, first + 1, kMaxDigits);
  p += n > 1 ? n + 1 : 1;
  *p++ = 'e';
  *p++ = exponent < 0 ? '-' : '+';
  if (exponent_abs >= 100) *p++ = static_cast<char>('0' + exponent_abs / 100);
  TwoDigits(exponent_abs % 100, p);
  return p + 2;
}

}  // namespace whyrec
