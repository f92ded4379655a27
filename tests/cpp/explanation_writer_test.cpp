#include "native/explanation_writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "core/explain/explanation_json.h"

namespace whyrec {
namespace {

using Json = nlohmann::ordered_json;

Explanation Row(std::mt19937& rng, int outputs) {
  std::normal_distribution<double> normal(0, 1e-3);
  Explanation e;
  e.method = "tree";
  e.player_names = {"a", "b \"quoted\"", "c"};
  e.values = Eigen::MatrixXd::NullaryExpr(outputs, 3, [&] { return normal(rng); });
  e.std_errors = Eigen::MatrixXd::Zero(outputs, 3);
  e.base_value = Eigen::VectorXd::Constant(outputs, 0.1);
  e.model_output = Eigen::VectorXd::NullaryExpr(outputs, [&] { return normal(rng) * 1e9; });
  e.settings["tree_mode"] = "path";
  e.settings["trees"] = 3;
  e.extra["interaction_values"] = Json::array({0.5, std::nan(""), 1e-300});
  return e;
}

// The streamed text reads back as the document ExplanationsToJson builds, number for number.
TEST(ExplanationWriter, ReadsBackAsTheJsonDocument) {
  std::mt19937 rng(3);
  for (const int outputs : {1, 3}) {
    std::vector<Explanation> rows = {Row(rng, outputs), Row(rng, outputs)};
    rows[1].values(0, 1) = std::numeric_limits<double>::quiet_NaN();
    // The longest numbers there are: a row's text is written into room made for them.
    rows[0].values.row(0).setConstant(-2.2250738585072014e-308);
    rows[1].values(outputs - 1, 2) = -std::numeric_limits<double>::max();
    rows[0].seed = 42;
    Json expected = ExplanationsToJson(rows, "margin");
    expected["settings"]["rows"] = {0, 2};
    Json settings = rows[0].settings;
    settings["rows"] = {0, 2};
    std::string text;
    WriteExplanationsJson(rows, "margin", settings, text);
    // nlohmann writes NaN as null too; compare as parsed documents, where 1.0 == 1.
    EXPECT_EQ(Json::parse(text), Json::parse(expected.dump())) << text;
  }
}

TEST(ExplanationWriter, WritesShortestRoundTripDigits) {
  std::string text;
  WriteJson(
      Json::array({0.1, 1e-5, -0.0, 0.0, 2.0, 1.0 / 3, std::numeric_limits<double>::infinity()}),
      text);
  EXPECT_EQ(text, "[0.1,1e-05,-0,0,2,0.3333333333333333,null]");
  std::mt19937_64 rng(1);
  for (int i = 0; i < 10000; ++i) {
    double x;
    const uint64_t bits = rng();
    std::memcpy(&x, &bits, sizeof(x));
    if (!std::isfinite(x)) continue;
    std::string one;
    WriteJson(Json(x), one);
    EXPECT_EQ(std::strtod(one.c_str(), nullptr), x) << one;
  }
}

// A large document handed out in pieces is the same text, and no piece holds all of it.
TEST(ExplanationWriter, SpilledPiecesMakeTheSameDocument) {
  std::mt19937 rng(5);
  std::vector<Explanation> rows;
  for (int r = 0; r < 20000; ++r) rows.push_back(Row(rng, 3));
  std::string whole;
  WriteExplanationsJson(rows, "margin", rows[0].settings, whole);
  std::string pieces, text = "{";  // the spill takes what the caller had written before, too
  size_t largest = 0;
  WriteExplanationsJson(rows, "margin", rows[0].settings, text, [&](std::string& piece) {
    largest = std::max(largest, piece.size());
    pieces += piece;
    piece.clear();
  });
  EXPECT_EQ(pieces + text, "{" + whole);
  EXPECT_GT(largest, 0u);
  EXPECT_LT(largest, whole.size() / 4);
}

TEST(ExplanationWriter, RejectsNoRows) {
  std::string text;
  EXPECT_THROW(WriteExplanationsJson({}, "margin", Json::object(), text), std::invalid_argument);
}

}  // namespace
}  // namespace whyrec
