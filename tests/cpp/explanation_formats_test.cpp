// The streamed formats against the JSON document: every JSON line holds exactly its row's
// entries of the document, and the CSV's cells read back to the document's numbers.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <sstream>

#include "native/explanation_csv.h"
#include "native/explanation_sink.h"
#include "native/explanation_writer.h"

namespace whyrec {
namespace {

using Json = nlohmann::ordered_json;

Explanation Row(std::mt19937& rng, int outputs) {
  std::normal_distribution<double> normal(0, 1);
  Explanation e;
  e.method = "kernel";
  e.player_names = {"a", "b, \"quoted\"", "c"};
  e.values = Eigen::MatrixXd::NullaryExpr(outputs, 3, [&] { return normal(rng); });
  e.std_errors = Eigen::MatrixXd::NullaryExpr(outputs, 3, [&] { return std::abs(normal(rng)); });
  e.base_value = Eigen::VectorXd::Constant(outputs, 0.25);
  e.model_output = Eigen::VectorXd::NullaryExpr(outputs, [&] { return normal(rng); });
  e.evaluations = 700;
  e.seed = 9;
  e.extra["anchor"] = "a <= 1";
  return e;
}

std::vector<Explanation> Rows(int outputs) {
  std::mt19937 rng(outputs);
  std::vector<Explanation> rows;
  for (int r = 0; r < 3; ++r) rows.push_back(Row(rng, outputs));
  rows[1].values(0, 2) = std::nan("");
  return rows;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(ExplanationFormats, EachJsonLineIsItsRowOfTheDocument) {
  for (const int outputs : {1, 2}) {
    const std::vector<Explanation> rows = Rows(outputs);
    std::string document;
    WriteExplanationsJson(rows, "score", Json::object(), document);
    const Json whole = Json::parse(document);
    std::string text;
    MakeExplanationSink(OutputFormat::kJsonLines, "score", "")->Write(40, rows, text);
    const std::vector<std::string> lines = Lines(text);
    ASSERT_EQ(lines.size(), rows.size());
    for (size_t r = 0; r < rows.size(); ++r) {
      const Json line = Json::parse(lines[r]);
      EXPECT_EQ(line["row"], 40 + r);
      EXPECT_EQ(StreamedLineRow(OutputFormat::kJsonLines, lines[r]), 40 + static_cast<int>(r));
      for (const char* key : {"method", "output", "feature_names", "base_value", "seed"}) {
        EXPECT_EQ(line[key], whole[key]) << key;
      }
      for (const char* key : {"values", "std_errors", "model_output", "anchor"}) {
        EXPECT_EQ(line[key], whole[key][r]) << key << " of row " << r;
      }
      EXPECT_EQ(line["evaluations"], 700);
    }
  }
}

TEST(ExplanationFormats, CsvCellsReadBackToTheValues) {
  const std::vector<Explanation> rows = Rows(1);
  std::string text;
  MakeExplanationSink(OutputFormat::kCsv, "score", "")->Write(7, rows, text);
  const std::vector<std::string> lines = Lines(text);
  ASSERT_EQ(lines.size(), 1 + rows.size());
  EXPECT_EQ(lines[0], "row,base_value,a,\"b, \"\"quoted\"\"\",c,model_output");
  for (size_t r = 0; r < rows.size(); ++r) {
    std::vector<std::string> cells;
    std::istringstream in(lines[1 + r]);
    for (std::string cell; std::getline(in, cell, ',');) cells.push_back(cell);
    if (lines[1 + r].back() == ',') cells.push_back("");
    ASSERT_EQ(cells.size(), 6u);
    EXPECT_EQ(cells[0], std::to_string(7 + r));
    EXPECT_EQ(std::stod(cells[1]), 0.25);
    for (int g = 0; g < 3; ++g) {
      const double value = rows[r].values(0, g);
      if (std::isnan(value)) {
        EXPECT_EQ(cells[2 + g], "") << "a value that is not finite is an empty cell";
      } else {
        EXPECT_EQ(std::stod(cells[2 + g]), value);
      }
    }
    EXPECT_EQ(std::stod(cells[5]), rows[r].model_output[0]);
    EXPECT_EQ(StreamedLineRow(OutputFormat::kCsv, lines[1 + r]), 7 + static_cast<int>(r));
  }
  EXPECT_EQ(StreamedLineRow(OutputFormat::kCsv, lines[0]), -1);
}

TEST(ExplanationFormats, SeveralOutputsGetAColumnEach) {
  EXPECT_EQ(ExplanationCsvHeader(Rows(2)[0]),
            "row,base_value[0],base_value[1],a[0],a[1],\"b, \"\"quoted\"\"[0]\",\"b, "
            "\"\"quoted\"\"[1]\",c[0],c[1],model_output[0],model_output[1]\n");
}

TEST(ExplanationFormats, AResumedFileMustBeThisJobs) {
  const std::vector<Explanation> rows = Rows(1);
  std::string text;
  EXPECT_THROW(MakeExplanationSink(OutputFormat::kCsv, "score", "row,base_value,x,model_output")
                   ->Write(0, rows, text),
               std::invalid_argument);
  std::string first;
  MakeExplanationSink(OutputFormat::kJsonLines, "score", "")->Write(0, {rows[0]}, first);
  first.pop_back();
  text.clear();
  MakeExplanationSink(OutputFormat::kJsonLines, "score", first)->Write(1, {rows[1]}, text);
  EXPECT_EQ(StreamedLineRow(OutputFormat::kJsonLines, text), 1);
  EXPECT_THROW(
      MakeExplanationSink(OutputFormat::kJsonLines, "other", first)->Write(1, {rows[1]}, text),
      std::invalid_argument);
}

}  // namespace
}  // namespace whyrec
