#include "native/row_range.h"

#include <gtest/gtest.h>

namespace whyrec {
namespace {

TEST(RowRange, ParsesSliceForms) {
  EXPECT_EQ(ParseRowRange("", 10, "d").size(), 10);
  EXPECT_EQ(ParseRowRange("2:5", 10, "d").begin, 2);
  EXPECT_EQ(ParseRowRange("2:5", 10, "d").end, 5);
  EXPECT_EQ(ParseRowRange("7:", 10, "d").size(), 3);
  EXPECT_EQ(ParseRowRange(":3", 10, "d").size(), 3);
  EXPECT_EQ(ParseRowRange("4", 10, "d").begin, 4);
  EXPECT_EQ(ParseRowRange("4", 10, "d").size(), 1);
}

TEST(RowRange, RejectsEmptyOrOutOfRangeSelections) {
  EXPECT_THROW(ParseRowRange("5:5", 10, "d"), std::invalid_argument);
  EXPECT_THROW(ParseRowRange("0:11", 10, "d"), std::invalid_argument);
  EXPECT_THROW(ParseRowRange("10", 10, "d"), std::invalid_argument);
  EXPECT_THROW(ParseRowRange("-1:3", 10, "d"), std::invalid_argument);
  EXPECT_THROW(ParseRowRange("a:b", 10, "d"), std::invalid_argument);
  EXPECT_THROW(ParseRowRange("99999999999999999999", 10, "d"), std::invalid_argument);
  EXPECT_THROW(ParseRowRange("", 0, "d"), std::invalid_argument);
}

}  // namespace
}  // namespace whyrec
