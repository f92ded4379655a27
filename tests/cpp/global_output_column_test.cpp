// The global jobs (importance, partial dependence, curves) on a model whose output has a column
// per class read the column chosen, the same as a model of that column alone; none chosen is an
// error, not column 0 unasked.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>

#include "core/global/global_jobs.h"
#include "tests/cpp/test_rows.h"

namespace whyrec {
namespace {

using Json = nlohmann::ordered_json;

double Score(const Eigen::RowVectorXf& x) { return x[0] * x[0] + std::sin(2.0 * x[1]); }

// Runs `job` against the model: Score alone, or three columns with Score in column 1 (column 0
// reads f2, which Score ignores).
Json RunJob(GlobalJob& job, int columns) {
  for (RowBatch rows = job.next(); rows.rows() > 0; rows = job.next()) {
    RowMatrixF out(rows.rows(), columns);
    for (Eigen::Index i = 0; i < rows.rows(); ++i) {
      const auto score = static_cast<float>(Score(rows.row(i)));
      if (columns == 1) {
        out(i, 0) = score;
      } else {
        out.row(i) << rows(i, 2), score, 1.0f;
      }
    }
    job.tell(ConstMatrixView(out.data(), out.rows(), out.cols()));
  }
  return job.result();
}

std::string ErrorOf(const std::function<void()>& run) {
  try {
    run();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "no error";
}

const char kUnchosen[] =
    "the model's output has 3 columns (a class or a target each): choose one with --column (JS: "
    "`column`) (0 to 2)";

TEST(GlobalOutputColumn, ImportanceReadsTheColumnChosen) {
  const RowMatrixF rows = testing::RandomRows(40, 3, 5);
  const Schema schema = Schema::FromNames(testing::FeatureNames(3));
  for (const Json& settings :
       {Json{{"method", "permutation"}, {"seed", 3}}, Json{{"method", "pd"}, {"feature", "f0"}}}) {
    Json chosen = settings;
    chosen["column"] = 1;
    auto alone = MakeImportanceJob(ImportanceSettingsFromJson(settings), schema, rows, {});
    auto second = MakeImportanceJob(ImportanceSettingsFromJson(chosen), schema, rows, {});
    Json got = RunJob(*second, 3);
    EXPECT_EQ(got["column"], 1);
    got.erase("column");
    EXPECT_EQ(got.dump(), RunJob(*alone, 1).dump()) << settings.dump();
    auto unchosen = MakeImportanceJob(ImportanceSettingsFromJson(settings), schema, rows, {});
    EXPECT_EQ(ErrorOf([&] { RunJob(*unchosen, 3); }), kUnchosen);
  }
}

TEST(GlobalOutputColumn, CurvesReadTheColumnChosenOfAPerOutputExplanation) {
  const RowMatrixF rows = testing::RandomRows(3, 3, 6);
  const RowMatrixF background = testing::RandomRows(20, 3, 7);
  const std::vector<std::string> names = testing::FeatureNames(3);
  // Per-output values: f1 matters most for output 1, f2 for output 0.
  const Json per_output = {{"values", Json::array()}, {"feature_names", names}};
  Json explanation = per_output;
  Json single = per_output;
  for (int r = 0; r < 3; ++r) {
    explanation["values"].push_back({{0.0, 0.2, 0.0}, {0.0, 0.9, 0.0}, {0.9, 0.1, 0.0}});
    single["values"].push_back({0.2, 0.9, 0.1});
  }
  const auto job = [&](const Json& e, Json settings) {
    return MakeCurvesJob(e, CurvesSettingsFromJson(settings), names, rows, background);
  };
  Json got = RunJob(*job(explanation, {{"column", 1}}), 3);
  EXPECT_EQ(got["column"], 1);
  got.erase("column");
  EXPECT_EQ(got.dump(), RunJob(*job(single, Json::object()), 1).dump());
  EXPECT_EQ(ErrorOf([&] { RunJob(*job(explanation, Json::object()), 3); }),
            "the explanation's output has 3 columns (a class or a target each): choose one with "
            "--column (JS: `column`) (0 to 2)");
}

}  // namespace
}  // namespace whyrec
