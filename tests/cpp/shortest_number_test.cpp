#include "native/shortest_number.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <ios>
#include <limits>
#include <random>
#include <string>

namespace whyrec {
namespace {

std::string ToChars(double x) {
  char text[64];
  return std::string(text, std::to_chars(text, text + sizeof text, x).ptr);
}

std::string Shortest(double x) {
  char text[kShortestNumberRoom];
  return std::string(text, WriteShortestNumber(x, text));
}

// WriteShortestNumber is a faster std::to_chars: every finite double must come out the same.
void ExpectSameAsToChars(double x) {
  if (std::isfinite(x)) ASSERT_EQ(Shortest(x), ToChars(x)) << std::hexfloat << x;
}

TEST(ShortestNumber, EdgeCasesAsToChars) {
  using Limits = std::numeric_limits<double>;
  for (double x : {0.0,
                   -0.0,
                   1.0,
                   -1.0,
                   0.1,
                   0.5,
                   1e-4,
                   1e-5,
                   0.001234,
                   123456.0,
                   1234567.0,
                   1e15,
                   1e16,
                   1e21,
                   1e22,
                   1e23,
                   9007199254740991.0,
                   9007199254740992.0,
                   Limits::min(),
                   Limits::max(),
                   Limits::denorm_min(),
                   Limits::epsilon(),
                   5e-324,
                   1.7976931348623157e308,
                   2.2250738585072014e-308}) {
    ExpectSameAsToChars(x);
    ExpectSameAsToChars(-x);
  }
  EXPECT_EQ(Shortest(-0.0), "-0");
  EXPECT_EQ(Shortest(0.001), "0.001");  // a tie: fixed
  EXPECT_EQ(Shortest(1e-4), "1e-04");
  EXPECT_EQ(Shortest(1e-5), "1e-05");
  EXPECT_EQ(Shortest(123456.0), "123456");
  EXPECT_EQ(Shortest(1e22), "1e+22");
  EXPECT_EQ(Shortest(2.2250738585072014e-308), "2.2250738585072014e-308");
}

TEST(ShortestNumber, RandomBitPatternsAsToChars) {
  std::mt19937_64 random(11);
  for (int i = 0; i < 400000; ++i) {
    const uint64_t bits = random();
    double x;
    std::memcpy(&x, &bits, sizeof x);
    ExpectSameAsToChars(x);
  }
}

// Values the size of Shapley values and margins, where fixed and scientific forms meet.
TEST(ShortestNumber, ScaledValuesAsToChars) {
  std::mt19937_64 random(12);
  std::normal_distribution<double> normal;
  for (int i = 0; i < 400000; ++i) {
    const int exponent = static_cast<int>(random() % 44) - 22;
    ExpectSameAsToChars(normal(random) * std::pow(10.0, exponent));
  }
}

// Short decimals (1 to 3 digits) at every power of ten, and integers of every bit length.
TEST(ShortestNumber, DecimalsAndIntegersAsToChars) {
  for (int exponent = -325; exponent <= 309; ++exponent) {
    for (int digits = 1; digits < 1000; digits += 7) {
      ExpectSameAsToChars(digits * std::pow(10.0, exponent));
    }
  }
  std::mt19937_64 random(13);
  for (int i = 0; i < 100000; ++i) {
    ExpectSameAsToChars(static_cast<double>(random() >> (random() % 64)));
  }
}

}  // namespace
}  // namespace whyrec
