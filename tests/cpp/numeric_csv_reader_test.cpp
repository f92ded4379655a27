#include "native/numeric_csv_reader.h"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace whyrec {
namespace {

// What a reader made of a text: its header, its rows (NaN written as "nan") and its error.
struct Parsed {
  std::vector<std::string> header;
  std::vector<std::string> values;
  std::string error;
  bool operator==(const Parsed& o) const {
    return header == o.header && values == o.values && error == o.error;
  }
};

std::ostream& operator<<(std::ostream& out, const Parsed& p) {
  out << "header:";
  for (const auto& name : p.header) out << " [" << name << "]";
  out << " values:";
  for (const auto& value : p.values) out << " " << value;
  return out << " error: " << p.error;
}

// Feeds `text` in pieces of `piece` bytes. Pieces of one byte hold a whole line only when it is
// empty, so every record goes through libcsv: the reference for the lines split without it.
Parsed Parse(const std::string& text, size_t piece) {
  MissingCells missing;
  missing.markers = {"NA"};
  NumericCsvReader reader("t.csv", {"drop"}, DropPolicy::kIfPresent, missing);
  for (size_t at = 0; at < text.size(); at += piece) {
    reader.Feed(std::string_view(text).substr(at, piece));
  }
  reader.Finish();
  Parsed parsed{reader.header(), {}, reader.error()};
  const RowMatrixF rows = reader.TakeRows(reader.buffered_rows());
  for (Eigen::Index i = 0; i < rows.size(); ++i) {
    parsed.values.push_back(std::to_string(rows.data()[i]));
  }
  return parsed;
}

void ExpectAsLibcsv(const std::string& text) {
  const Parsed reference = Parse(text, 1);
  EXPECT_EQ(Parse(text, text.size() + 1), reference) << "text: " << text;
  EXPECT_EQ(Parse(text, 7), reference) << "text: " << text;
}

TEST(NumericCsvReader, PlainLinesReadAsLibcsvReadsThem) {
  ExpectAsLibcsv("a,b\n1,2\n");
  ExpectAsLibcsv(" a , b \r\n 1\t, 2 \r\n3,4");       // trimmed fields, CRLF, no final newline
  ExpectAsLibcsv("a,b\n\n  \t\n1,2\n \n3,4\n");       // blank lines are no records
  ExpectAsLibcsv("a,b\n1,2\r3,4\n");                  // a lone carriage return ends a record
  ExpectAsLibcsv("a,b\n,\n , \n");                    // empty cells
  ExpectAsLibcsv("a,b\n1,2,3\n4,5\n");                // a row too long: the same error and line
  ExpectAsLibcsv("a,\"b\nc\"\n1,2\n\"3\",4\n5,6\n");  // a header field across lines
  ExpectAsLibcsv("a,b\n\"1\n,2\n3,4\n");              // a quote left open
  ExpectAsLibcsv("a,drop,b\n1,x,2\n3,y,4\n");         // a dropped column is never parsed
  ExpectAsLibcsv("a,b\n1,NA\nNA,x\n");
  // Empty lines are split here even in one-byte pieces: what libcsv does with them, written out.
  const Parsed blank = Parse("a,b\n\n1,2\n\n\n3,4\n\n", 1000);
  EXPECT_EQ(blank.values,
            (std::vector<std::string>{"1.000000", "2.000000", "3.000000", "4.000000"}));
  EXPECT_EQ(blank.error, "");
}

TEST(NumericCsvReader, RandomTextsReadAsLibcsvReadsThem) {
  // Rows of three cells, now and then with a stray character, comma or line in them.
  const std::vector<std::string> cells = {"1", "-2.5",  "3e2",      " 4 ",       "\t5", "NA",
                                          "",  "\"6\"", "\"7\n8\"", "\"9\"\"\"", " "};
  const std::vector<std::string> ends = {"\n", "\r\n", " \n", "\r", "\n\n", "\n \t\n"};
  const std::vector<std::string> strays = {"\"", "x", ",", "\n", "\r"};
  std::mt19937 random(7);
  const auto pick = [&](const std::vector<std::string>& from) {
    return from[std::uniform_int_distribution<size_t>(0, from.size() - 1)(random)];
  };
  int errors = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string text = "a,b,c\n";
    const int rows = std::uniform_int_distribution<int>(0, 6)(random);
    for (int r = 0; r < rows; ++r) {
      for (int c = 0; c < 3; ++c) text += (c ? "," : "") + pick(cells);
      if (random() % 8 == 0) text.insert(random() % text.size(), pick(strays));
      text += pick(ends);
    }
    ExpectAsLibcsv(text);
    errors += !Parse(text, 1).error.empty();
    if (HasFailure()) return;
  }
  // Both kinds of text were met: the comparison covered rows as well as errors.
  EXPECT_GT(errors, 300);
  EXPECT_LT(errors, 2700);
}

}  // namespace
}  // namespace whyrec
