#include "native/parse_number.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>

namespace whyrec {
namespace {

uint64_t Bits(double x) {
  uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return bits;
}

// ParseNumber must read every text as std::from_chars does, bit for bit (-0 included).
void ExpectAsFromChars(const std::string& text) {
  double expected = 0;
  const auto [ptr, error] = std::from_chars(text.data(), text.data() + text.size(), expected);
  const bool number = ptr == text.data() + text.size() && error == std::errc();
  double value = 0;
  ASSERT_EQ(ParseNumber(text, &value), number) << "'" << text << "'";
  if (number) ASSERT_EQ(Bits(value), Bits(expected)) << "'" << text << "'";
}

TEST(ParseNumber, PlainDecimalsAsFromChars) {
  for (const char* text : {"0",
                           "-0",
                           "0.0",
                           "-0.0",
                           "1",
                           "1.",
                           ".5",
                           "-.5",
                           "13.0",
                           "0.1",
                           "0.3",
                           "-2.5",
                           "9007199254740992",
                           "9007199254740993",
                           "0.12345678901234567",
                           "1234567890123456789",
                           "12345678901234567890",
                           "0.0000000000000000000001",
                           "1.0000000000000000000000001",
                           "3.1415926535897932384626",
                           "",
                           "-",
                           ".",
                           "-.",
                           "1.2.3",
                           "1e5",
                           "1,5",
                           " 1",
                           "nan",
                           "inf",
                           "0x10",
                           "--1",
                           "1-"}) {
    ExpectAsFromChars(text);
  }
}

// Random decimals of 1 to 24 digits with the point anywhere: many take the fast path, the
// longer ones and those past 2^53 fall back to from_chars; all must read the same.
TEST(ParseNumber, RandomDecimalsAsFromChars) {
  std::mt19937_64 random(21);
  for (int i = 0; i < 300000; ++i) {
    const int digits = 1 + static_cast<int>(random() % 24);
    std::string text = random() % 2 ? "-" : "";
    const int point = static_cast<int>(random() % (digits + 2));
    for (int d = 0; d < digits; ++d) {
      if (d == point) text += '.';
      text += static_cast<char>('0' + random() % 10);
    }
    ExpectAsFromChars(text);
  }
}

// Doubles written with 1 to 17 significant digits (as CSV writers write them) read back as
// from_chars reads them.
TEST(ParseNumber, WrittenDoublesAsFromChars) {
  std::mt19937_64 random(22);
  std::normal_distribution<double> normal;
  for (int i = 0; i < 200000; ++i) {
    const double x = normal(random) * std::pow(10.0, static_cast<int>(random() % 16) - 8);
    char text[64];
    const int precision = 1 + static_cast<int>(random() % 17);
    std::snprintf(text, sizeof text, "%.*f", precision, x);
    ExpectAsFromChars(text);
  }
}

TEST(ParseNumber, PlusSignAndOutOfRange) {
  double value = 0;
  ASSERT_TRUE(ParseNumber("+1.5", &value));
  EXPECT_EQ(value, 1.5);
  EXPECT_FALSE(ParseNumber("+", &value));
  EXPECT_FALSE(ParseNumber("+-1", &value));
  ASSERT_TRUE(ParseNumber("1e999", &value));
  EXPECT_EQ(value, std::numeric_limits<double>::infinity());
  ASSERT_TRUE(ParseNumber("-1e-999", &value));
  EXPECT_EQ(value, 0.0);
  EXPECT_TRUE(std::signbit(value));
}

}  // namespace
}  // namespace whyrec
