#include "core/explain/sequence/history_csv.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace whyrec {
namespace {

using Histories = std::vector<std::vector<int64_t>>;

void ExpectError(const std::string& text, const std::string& message) {
  try {
    ParseHistoriesCsv(text, "histories.csv");
    FAIL() << "expected: " << message;
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), message);
  }
}

TEST(HistoriesCsv, ReadsRaggedLinesOldestFirst) {
  EXPECT_EQ(ParseHistoriesCsv("402,496,326\n7\n1,2\n", "h.csv"),
            (Histories{{402, 496, 326}, {7}, {1, 2}}));
}

TEST(HistoriesCsv, TheLastLineBreakIsOptional) {
  EXPECT_EQ(ParseHistoriesCsv("1,2\n3", "h.csv"), (Histories{{1, 2}, {3}}));
  EXPECT_EQ(ParseHistoriesCsv("1,2\n3\n", "h.csv"), (Histories{{1, 2}, {3}}));
}

TEST(HistoriesCsv, AcceptsCrlfSpacesTabsAndAByteOrderMark) {
  EXPECT_EQ(ParseHistoriesCsv("\xEF\xBB\xBF 1 ,\t2\r\n3\r\n", "h.csv"), (Histories{{1, 2}, {3}}));
}

TEST(HistoriesCsv, ReadsIdsUpToInt64) {
  EXPECT_EQ(ParseHistoriesCsv("0,9223372036854775807\n", "h.csv"), (Histories{{0, INT64_MAX}}));
}

TEST(HistoriesCsv, NamesFileLineAndItemInErrors) {
  ExpectError("1,2\n3,4\n5,6\n7,8,9,10,11,12,x12\n",
              "histories.csv: line 4, history item 6: 'x12' is not an integer item id");
  ExpectError("1,2.5\n", "histories.csv: line 1, history item 1: '2.5' is not an integer item id");
  ExpectError("1,+2\n", "histories.csv: line 1, history item 1: '+2' is not an integer item id");
  ExpectError("1,0x10\n",
              "histories.csv: line 1, history item 1: '0x10' is not an integer item id; a "
              "histories file has no header");
  ExpectError("2\n1,0x10\n",
              "histories.csv: line 2, history item 1: '0x10' is not an integer item id");
  ExpectError("user,items\n1,2\n",
              "histories.csv: line 1, history item 0: 'user' is not an integer item id; a "
              "histories file has no header");
  ExpectError("1,2 3\n", "histories.csv: line 1, history item 1: '2 3' is not an integer item id");
  ExpectError("-3\n",
              "histories.csv: line 1, history item 0: '-3' is negative; item ids are "
              "non-negative integers");
  ExpectError("9223372036854775808\n",
              "histories.csv: line 1, history item 0: '9223372036854775808' is too large for "
              "an item id");
  ExpectError("1,,2\n", "histories.csv: line 1, history item 1: empty cell, expected an item id");
  ExpectError("1,2,\n", "histories.csv: line 1, history item 2: empty cell, expected an item id");
  ExpectError("\"1\",2\n",
              "histories.csv: line 1, history item 0: '\"1\"' is not an integer item id");
}

TEST(HistoriesCsv, BlankLinesAreErrorsNotSkipped) {
  const std::string blank =
      " is empty; each line must be one history of at least one item id (blank lines are not "
      "skipped)";
  ExpectError("1,2\n\n3\n", "histories.csv: line 2" + blank);
  ExpectError("1,2\r\n \r\n", "histories.csv: line 2" + blank);
  ExpectError("1,2\n\n", "histories.csv: line 2" + blank);
  ExpectError("\n1\n", "histories.csv: line 1" + blank);
  ExpectError("", "histories.csv: the file is empty, expected histories");
  ExpectError("\xEF\xBB\xBF", "histories.csv: the file is empty, expected histories");
}

TEST(HistoriesCsv, LongCellsAreCutShortInMessages) {
  ExpectError(std::string(100, 'x'), "histories.csv: line 1, history item 0: '" +
                                         std::string(40, 'x') +
                                         "...' is not an integer item id; a histories file has "
                                         "no header");
}

TEST(ItemId, ParsesOneCell) {
  EXPECT_EQ(ParseItemId("42", "--target"), 42);
  EXPECT_THROW(ParseItemId("top2", "--target"), std::invalid_argument);
}

}  // namespace
}  // namespace whyrec
