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

TEST(RowRange, ClampsSlicesPastTheEndAsPythonDoes) {
  const RowRange tail = ParseRowRange("100:200", 114, "d");
  EXPECT_EQ(tail.begin, 100);
  EXPECT_EQ(tail.end, 114);
  EXPECT_EQ(ParseRowRange("0:11", 10, "d").size(), 10);
  EXPECT_EQ(ParseRowRange(":99", 10, "d").end, 10);
}

TEST(RowRange, RejectsEmptyOrOutOfRangeSelections) {
  EXPECT_THROW(ParseRowRange("5:5", 10, "d"), std::invalid_argument);
  try {
    ParseRowRange("200:300", 114, "data.csv");
    FAIL() << "an empty selection after clamping is an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "--rows '200:300' selects no rows of data.csv, which has 114 data rows (0..113); "
                 "rows count from 0 after the header");
  }
  EXPECT_THROW(ParseRowRange("10:", 10, "d"), std::invalid_argument);
  EXPECT_THROW(ParseRowRange("10", 10, "d"), std::invalid_argument);
  EXPECT_THROW(ParseRowRange("-1:3", 10, "d"), std::invalid_argument);
  EXPECT_THROW(ParseRowRange("a:b", 10, "d"), std::invalid_argument);
  EXPECT_THROW(ParseRowRange("99999999999999999999", 10, "d"), std::invalid_argument);
  EXPECT_THROW(ParseRowRange("", 0, "d"), std::invalid_argument);
}

}  // namespace
}  // namespace whyrec
