#include "native/csv_table.h"

#include <gtest/gtest.h>

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

TEST(CsvTable, NamesFileRowAndColumnInErrors) {
  ExpectError("a,b\n1,2\n3,abc\n", "data.csv: row 2, column 'b': 'abc' is not a number");
  ExpectError("a,b\n1,NaN\n", "data.csv: row 1, column 'b': NaN is not allowed");
  ExpectError("a,b\n1,nan\n", "data.csv: row 1, column 'b': NaN is not allowed");
  ExpectError("a,b\n1,inf\n",
              "data.csv: row 1, column 'b': 'inf' is infinite or out of float range");
  ExpectError("a,b\n1,1e39\n",
              "data.csv: row 1, column 'b': '1e39' is infinite or out of float range");
  ExpectError("a,b\n1,\n", "data.csv: row 1, column 'b': empty cell");
  ExpectError("a,b\n1,2,3\n", "data.csv: row 1 has 3 cells, the header has 2");
  ExpectError("a,b\n1\n", "data.csv: row 1 has 1 cells, the header has 2");
  ExpectError("", "data.csv: empty file, expected a header");
  ExpectError("a,a\n1,2\n", "data.csv: column 'a' appears twice in the header");
  ExpectError("a,b\n1,2\n", "--drop names 'label', which is not a column of data.csv", {"label"});
  ExpectError("a,\"b\n1,2\n",
              "data.csv: malformed CSV: error parsing data while strict checking enabled");
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
