#include <gtest/gtest.h>

#include <cmath>

#include "core/explain/shapley/distilled_shapley.h"
#include "core/models/distilled_model.h"

namespace whyrec {
namespace {

// f = 1 + a-term + (a, b)-term on hand-set tables: a has cuts {0, 1} (bins: missing, < 0,
// [0, 1), >= 1), b has cut {5} (bins: missing, < 5, >= 5).
constexpr char kModel[] = R"({"format": "whyrec-distilled", "version": 1, "family": "ga2m",
  "link": "logit", "feature_names": ["a", "b"], "intercept": 1,
  "terms": [{"features": ["a"], "cuts": [[0, 1]], "scores": [0.5, -1, 0, 2]},
            {"features": ["a", "b"], "cuts": [[0], [5]],
             "scores": [0, 0, 0,  0, 1, -1,  0, -2, 3]}]})";

float Margin(DistilledModel& m, float a, float b) {
  const float row[2] = {a, b};
  return m.Predict(ConstMatrixView(row, 1, 2), 0)(0, 0);
}

TEST(DistillModel, PredictsFromTheDocumentedBins) {
  DistilledModel m = DistilledModel::FromJson(kModel, "m.json");
  EXPECT_EQ(m.output_names(), (std::vector<std::string>{"margin", "prob"}));
  EXPECT_FLOAT_EQ(Margin(m, -3, 1), 1 - 1 + 1);  // a < 0, b < 5
  EXPECT_FLOAT_EQ(Margin(m, 0, 5), 1 + 0 + 3);   // a = 0 falls in [0, 1); b = 5 in >= 5
  EXPECT_FLOAT_EQ(Margin(m, 1, 4.9f), 1 + 2 - 2);
  EXPECT_FLOAT_EQ(Margin(m, NAN, NAN), 1 + 0.5 + 0);  // both missing: bin 0
  const float row[2] = {0.5f, 6};
  EXPECT_FLOAT_EQ(m.Predict(ConstMatrixView(row, 1, 2), 1)(0, 0), 1 / (1 + std::exp(-4.0f)));
}

TEST(DistillModel, ShapleyOfThePairTermByHand) {
  const DistilledModel m = DistilledModel::FromJson(kModel, "m.json");
  RowMatrixF bg(2, 2);
  bg << -1, 1, 2, 7;             // bins (a, b): (1, 1) and (3, 2)
  const float x[2] = {0.5f, 6};  // bins (2, 2)
  const Eigen::VectorXd phi = DistilledShapley(m, Background::Uniform(bg)).Values(x);
  // Main term of a: 0 - (-1 + 2) / 2. Pair (cells by bins of a, b): v() = (1 + 3) / 2,
  // v(a) = (pair(2,1) + pair(2,2)) / 2 = (-2 + 3) / 2, v(b) = (pair(1,2) + pair(3,2)) / 2 =
  // (-1 + 3) / 2, v(ab) = pair(2,2) = 3.
  const double none = 2, va = 0.5, vb = 1, both = 3;
  EXPECT_DOUBLE_EQ(phi[0], -0.5 + 0.5 * (va - none) + 0.5 * (both - vb));
  EXPECT_DOUBLE_EQ(phi[1], 0.5 * (vb - none) + 0.5 * (both - va));
}

TEST(DistillModel, WritesWhatItReads) {
  const DistilledModel m = DistilledModel::FromJson(kModel, "m.json");
  const std::string text = m.ToJson();
  EXPECT_EQ(DistilledModel::FromJson(text, "again").ToJson(), text);
  EXPECT_TRUE(LooksLikeDistilledJson(text));
  EXPECT_FALSE(LooksLikeDistilledJson(R"({"type": "linear", "coefficients": [1]})"));
}

TEST(DistillModel, RoundedScoresAreWhatTheFileHolds) {
  DistilledModel m({"a"}, 0.0, {{{0}, {{0.143f}}, {1.0 / 3.0, 2.0 / 3.0, -0.123456789}}},
                   Link::kIdentity);
  m.RoundScores(4);
  EXPECT_EQ(m.terms()[0].scores, (std::vector<double>{0.3333, 0.6667, -0.1235}));
  const std::string text = m.ToJson(4);
  EXPECT_NE(text.find("[0.143]"), std::string::npos) << text;  // the float's shortest digits
  EXPECT_EQ(DistilledModel::FromJson(text, "m").terms()[0].scores, m.terms()[0].scores);
  EXPECT_EQ(DistilledModel::FromJson(text, "m").terms()[0].cuts[0][0], 0.143f);
}

void ExpectError(const std::string& text, const std::string& part) {
  try {
    DistilledModel::FromJson(text, "bad.json");
    FAIL() << "accepted: " << text;
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("bad.json"), std::string::npos) << e.what();
  }
}

std::string With(const std::string& from, const std::string& to) {
  std::string text = kModel;
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(DistillModel, BadFilesGetClearErrors) {
  ExpectError("{", "not valid JSON");
  ExpectError(R"({"type": "linear"})", "\"format\": \"whyrec-distilled\"");
  ExpectError(With("\"version\": 1", "\"version\": 2"), "\"version\" 2 is not supported");
  ExpectError(With("\"link\": \"logit\"", "\"link\": \"probit\""), "\"link\" must be");
  ExpectError(With("\"features\": [\"a\"]", "\"features\": [\"z\"]"),
              "term 0 names feature \"z\", which is not in \"feature_names\"");
  ExpectError(With("[[0, 1]]", "[[1, 0]]"), "term 0 cuts of \"a\" must be strictly ascending");
  ExpectError(With("[0.5, -1, 0, 2]", "[0.5, -1, 0]"), "term 0 \"scores\" must hold 4 numbers");
  ExpectError(With("[0, 0, 0,  0, 1, -1,  0, -2, 3]", "[0, 0, 0]"),
              "term 1 \"scores\" must hold 9 numbers");
  ExpectError(With("\"features\": [\"a\", \"b\"]", "\"features\": [\"a\", \"a\"]"),
              "pairs feature \"a\" with itself");
  ExpectError(With("\"intercept\": 1", "\"intercept\": \"1\""), "\"intercept\" must be a number");
  ExpectError(With("[0.5, -1, 0, 2]", "[0.5, -1, 0, 1e999]"), "not valid JSON");
  ExpectError(With("[[0], [5]]", "[[0], [5e38, 1e39]]"), "overflow float32");
}

// A term as the browser's reader builds it from a parsed document (wasm/distilled_bindings.cpp),
// checked as FromJson checks a file's terms.
TEST(DistillModel, TermsReadElsewhereAreCheckedAsFilesAre) {
  const std::vector<std::string> names = {"a", "b"};
  const DistilledTerm pair = {{0, 1}, {{0}, {5}}, {0, 0, 0, 0, 1, -1, 0, -2, 3}};
  EXPECT_NO_THROW(CheckDistilledTerm(pair, names, "m", "term 1"));
  const auto expect_error = [&](DistilledTerm term, const std::string& message) {
    try {
      CheckDistilledTerm(term, names, "m", "term 1");
      ADD_FAILURE() << "no error; expected " << message;
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(e.what(), "m: term 1 " + message);
    }
  };
  DistilledTerm same = pair;
  same.features = {1, 1};
  expect_error(same, "pairs feature \"b\" with itself");
  DistilledTerm descending = pair;
  descending.cuts[0] = {1, 0};
  descending.scores.resize(12);
  expect_error(descending, "cuts of \"a\" must be strictly ascending");
  DistilledTerm infinite_cut = pair;
  infinite_cut.cuts[1] = {INFINITY};
  expect_error(infinite_cut, "cuts of \"b\" overflow float32");
  DistilledTerm short_scores = pair;
  short_scores.scores.pop_back();
  expect_error(short_scores,
               "\"scores\" must hold 9 numbers (bins incl. the missing bin 0, "
               "row-major), got 8");
  DistilledTerm nan_score = pair;
  nan_score.scores[4] = NAN;
  expect_error(nan_score, "score 4 must be finite");
  DistilledTerm no_cuts = pair;
  no_cuts.cuts.pop_back();
  expect_error(no_cuts, "must have 1 or 2 features and one array of cuts per feature");
}

}  // namespace
}  // namespace whyrec
