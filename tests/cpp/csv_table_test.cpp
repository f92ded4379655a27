#include "native/csv_table.h"

#include <gtest/gtest.h>

#include <cmath>

namespace whyrec {
namespace {

void ExpectError(const std::string& text, const std::string& message,
                 const std::vector<std::string>& drop = {}) {
  try {
    ParseNumericCsv(text, "data.csv", drop);
    FAIL() << "expected: " << message;
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), message);
  }
}

TEST(CsvTable, ParsesHeaderAndNumbersAndDropsColumns) {
  const CsvTable t =
      ParseNumericCsv("a,label,\"b\"\r\n1,0,2.5\n-3e2, 1 ,0\n", "data.csv", {"label"});
  EXPECT_EQ(t.header, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(t.values.rows(), 2);
  EXPECT_EQ(t.values(0, 1), 2.5f);
  EXPECT_EQ(t.values(1, 0), -300.0f);
}

TEST(CsvTable, SkipsAUtf8ByteOrderMarkBeforeTheHeader) {
  const CsvTable t = ParseNumericCsv(
      "\xEF\xBB\xBF"
      "a,b\n1,2\n",
      "excel.csv");
  EXPECT_EQ(t.header, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(t.values(0, 0), 1.0f);
  EXPECT_EQ(TokenizeCsv("\xEF\xBB\xBF"
                        "id\nx\n",
                        "items.csv")[0][0],
            "id");
}

TEST(CsvTable, NamesFileRowAndColumnInErrors) {
  const std::string row1 = "data.csv: row 1 (from 0 after the header, as --rows counts)";
  ExpectError("a,b\n1,2\n3,abc\n",
              row1 + ", column 'b': 'abc' is not a number (nor a missing-value marker) (line 3)");
  ExpectError("a,b\n1,2\n3,-nan\n",
              row1 + ", column 'b': '-nan' is not a number (nor a missing-value marker) (line 3)");
  ExpectError("a,b\n1,2\n3,inf\n",
              row1 + ", column 'b': 'inf' is infinite or out of float range (line 3)");
  ExpectError("a,b\n1,2\n3,1e39\n",
              row1 + ", column 'b': '1e39' is infinite or out of float range (line 3)");
  ExpectError("a,b\n1,2\n1,2,3\n", row1 + " has 3 cells, the header has 2 (line 3)");
  ExpectError("a,b\n1,2\n1\n", row1 + " has 1 cells, the header has 2 (line 3)");
  // A quoted name across two lines: lines count the text's lines, rows its records.
  ExpectError("\"a\nb\",c\n1,x\n",
              "data.csv: row 0 (from 0 after the header, as --rows counts), column 'c': 'x' is not "
              "a number (nor a missing-value marker) (line 3)");
  ExpectError("", "data.csv: empty file, expected a header");
  ExpectError("a,a\n1,2\n", "data.csv: column 'a' appears twice in the header");
  ExpectError("a,b\n1,2\n", "--drop names 'label', which is not a column of data.csv", {"label"});
  ExpectError("a,\"b\n1,2\n",
              "data.csv: malformed CSV: error parsing data while strict checking enabled (a quote "
              "still open at the end of the text, line 3)");
  ExpectError("a,b\n1,2\n3,\"4\"x\n5,6\n",
              "data.csv: malformed CSV: error parsing data while strict checking enabled (line 3)");
}

TEST(CsvTable, DropsWhatIsThereAndSaysWhat) {
  const CsvTable t = ParseNumericCsv("id,a,label\n1,2,3\n", "data.csv", {"label", "user", "id"},
                                     DropPolicy::kIfPresent);
  EXPECT_EQ(t.header, std::vector<std::string>{"a"});
  EXPECT_EQ(t.dropped, (std::vector<std::string>{"label", "id"}));
}

TEST(CsvTable, DroppedNamesMustBeColumnsOfEitherFile) {
  // The label of the training rows (background) is not a column of the rows explained.
  EXPECT_NO_THROW(
      RequireDroppedFromEither({"id", "label"}, "data.csv", {"id"}, "train.csv", {"id", "label"}));
  try {
    RequireDroppedFromEither({"id", "lable"}, "data.csv", {"id"}, "train.csv", {"id"});
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(),
                 "--drop names 'lable', which is a column of neither data.csv nor train.csv");
  }
}

TEST(CsvTable, ReadsEmptyCellsAndMarkersAsMissing) {
  const CsvTable t = ParseNumericCsv("a,b,c\n,NA, 2\nnan,N/A,null\nNaN,NULL,+1.5e1\n", "data.csv");
  ASSERT_EQ(t.values.rows(), 3);
  EXPECT_TRUE(std::isnan(t.values(0, 0)));
  EXPECT_TRUE(std::isnan(t.values(0, 1)));
  EXPECT_EQ(t.values(0, 2), 2.0f);
  EXPECT_EQ(t.values.row(1).array().isNaN().count(), 3);
  EXPECT_TRUE(std::isnan(t.values(2, 0)));
  EXPECT_TRUE(std::isnan(t.values(2, 1)));
  EXPECT_EQ(t.values(2, 2), 15.0f);
}

TEST(CsvTable, MarkersAreConfigurableAndMissingCanBeAnError) {
  MissingCells custom;
  custom.markers = {"?"};
  const CsvTable t = ParseNumericCsv("a,b\n?,\n", "data.csv", {}, DropPolicy::kRequired, custom);
  EXPECT_EQ(t.values.row(0).array().isNaN().count(), 2);
  try {
    ParseNumericCsv("a,b\n1,NA\n", "data.csv", {}, DropPolicy::kRequired, custom);
    FAIL() << "NA is not a marker of this list";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "data.csv: row 0 (from 0 after the header, as --rows counts), column 'b': 'NA' is "
                 "not a number (nor a missing-value marker) (line 2)");
  }
  MissingCells refused;
  refused.allowed = false;
  for (const auto& [text, shown] : std::vector<std::pair<std::string, std::string>>{
           {"a,b\n1,2\n3,\n", "empty cell"}, {"a,b\n1,2\n3,NA\n", "'NA'"}}) {
    try {
      ParseNumericCsv(text, "data.csv", {}, DropPolicy::kRequired, refused);
      FAIL() << "--missing error refuses " << shown;
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()),
                "data.csv: row 1 (from 0 after the header, as --rows counts), column 'b': missing "
                "value (" +
                    shown + "), refused by --missing error (line 3)");
    }
  }
}

TEST(CsvTable, ParsesNumbersAsStrtodDid) {
  const CsvTable t = ParseNumericCsv("a,b,c,d\n0.1,-3e-2,1e-50,16777217\n", "data.csv");
  EXPECT_EQ(t.values(0, 0), static_cast<float>(0.1));
  EXPECT_EQ(t.values(0, 1), static_cast<float>(-3e-2));
  EXPECT_EQ(t.values(0, 2), 0.0f);
  EXPECT_EQ(t.values(0, 3), 16777216.0f);
}

TEST(CsvTable, DropIfPresentToleratesAbsentColumns) {
  const CsvTable t = ParseNumericCsv("a,b\n1,2\n", "bg.csv", {"label"}, DropPolicy::kIfPresent);
  EXPECT_EQ(t.header.size(), 2u);
}

TEST(CsvTable, MissingFileIsAnErrorNamingIt) {
  try {
    ReadNumericCsv("/nonexistent/data.csv");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot open '/nonexistent/data.csv': No such file or directory");
  }
}

}  // namespace
}  // namespace whyrec
