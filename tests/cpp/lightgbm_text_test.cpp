#include "core/models/lightgbm_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/explain/trees/tree_shap.h"

namespace whyrec {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), {});
}

std::string FixturePath(const std::string& case_name, const std::string& file) {
  return std::string(WHYREC_SOURCE_DIR) + "/tests/fixtures/lightgbm/" + case_name + "/" + file;
}

// explain_nan.csv: a header, then numbers with missing cells written "nan" (parsed as LightGBM
// parsed them, by strtod).
std::vector<Eigen::VectorXf> ReadRows(const std::string& path) {
  std::istringstream text(ReadFile(path));
  std::string line;
  std::getline(text, line);
  std::vector<Eigen::VectorXf> rows;
  while (std::getline(text, line)) {
    std::vector<float> cells;
    std::istringstream fields(line);
    std::string cell;
    while (std::getline(fields, cell, ',')) {
      cells.push_back(static_cast<float>(std::strtod(cell.c_str(), nullptr)));
    }
    rows.push_back(
        Eigen::Map<Eigen::VectorXf>(cells.data(), static_cast<Eigen::Index>(cells.size())));
  }
  return rows;
}

class LightgbmFixture : public ::testing::TestWithParam<const char*> {};

// LightGBM's own raw scores (predict_raw_score) and SHAP values (predict_contrib) on rows with
// missing values, categorical codes seen and unseen, and zeros under missing type Zero.
TEST_P(LightgbmFixture, MatchesLightgbmRawScoresAndContributions) {
  const std::string name = GetParam();
  const TreeEnsemble model =
      ParseLightgbmText(ReadFile(FixturePath(name, "model.txt")), name + "/model.txt");
  const auto expected = nlohmann::json::parse(ReadFile(FixturePath(name, "expected.json")));
  const std::vector<Eigen::VectorXf> rows = ReadRows(FixturePath(name, "explain_nan.csv"));
  ASSERT_EQ(rows.size(), expected["raw_score"].size());
  const int classes = expected["num_class"];
  const int width = expected["num_features"];
  ASSERT_EQ(model.num_outputs(), classes);
  ASSERT_EQ(model.feature_names(), expected["feature_names"].get<std::vector<std::string>>());
  const Schema schema = Schema::FromNames(model.feature_names());
  const Background unused = Background::Uniform(RowMatrixF::Zero(1, width));
  const TreeShap shap(model, schema, TreeShapMode::kPathDependent, unused);
  double largest = 1;
  for (const auto& raw : expected["raw_score"]) {
    for (const double v : raw) largest = std::max(largest, std::abs(v));
  }
  const double tolerance = 1e-12 * largest;
  for (size_t r = 0; r < rows.size(); ++r) {
    const Eigen::VectorXd margin = model.Margin(rows[r].data());
    const Explanation e = shap.Explain(rows[r]);
    for (int k = 0; k < classes; ++k) {
      const std::string where = name + " row " + std::to_string(r) + " class " + std::to_string(k);
      EXPECT_NEAR(margin[k], expected["raw_score"][r][k].get<double>(), tolerance) << where;
      const auto& contrib = expected["contrib"][r];
      for (int j = 0; j < width; ++j) {
        EXPECT_NEAR(e.values(k, j), contrib[k * (width + 1) + j].get<double>(), tolerance)
            << where << " feature " << j;
      }
      EXPECT_NEAR(e.base_value[k], contrib[k * (width + 1) + width].get<double>(), tolerance)
          << where << " bias";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, LightgbmFixture,
                         ::testing::Values("binary_missing", "binary_categorical",
                                           "binary_zero_as_missing", "multiclass_wine",
                                           "regression_diabetes"));

TEST(LightgbmText, ReadsObjectivesAndOutputs) {
  const TreeEnsemble binary =
      ParseLightgbmText(ReadFile(FixturePath("binary_missing", "model.txt")), "m");
  EXPECT_EQ(binary.output_names(), (std::vector<std::string>{"margin", "prob"}));
  EXPECT_EQ(binary.objective(), "lightgbm binary sigmoid:1");
  const TreeEnsemble wine =
      ParseLightgbmText(ReadFile(FixturePath("multiclass_wine", "model.txt")), "m");
  EXPECT_EQ(wine.num_outputs(), 3);
  EXPECT_EQ(wine.trees()[4].output, 1);  // tree t adds to class t % 3
  const TreeEnsemble regression =
      ParseLightgbmText(ReadFile(FixturePath("regression_diabetes", "model.txt")), "m");
  EXPECT_EQ(regression.output_names(), std::vector<std::string>{"margin"});
}

std::string SmallModel() {
  return ReadFile(std::string(WHYREC_SOURCE_DIR) +
                  "/tests/fuzz/corpus/lightgbm_text/two_trees.txt");
}

// Two hand-made trees: price <= 2.5 (NaN left), then zero_coded with missing type Zero (0 and
// NaN right); a categorical split on color whose two-word bitset holds categories 2, 5 and 32.
TEST(LightgbmText, HandMadeModelRoutesAsLightgbmDoes) {
  const TreeEnsemble model = ParseLightgbmText(SmallModel(), "two_trees.txt");
  struct Case {
    std::vector<float> row;
    double margin;
  };
  const float nan = NAN;
  for (const Case& c :
       {Case{{1, nan, 0}, 0.0}, Case{{5, 2, -3}, 0.5}, Case{{5, 32, 0}, 1.75},
        Case{{nan, 5.9f, 2}, 1.25}, Case{{3, -0.5f, nan}, 0.5}, Case{{3, 64, 0.5f}, 0.5},
        Case{{2.5f, 33, 1}, 0.0}, Case{{2.5000002f, 5, 1e-36f}, 1.75}}) {
    EXPECT_DOUBLE_EQ(model.Margin(c.row.data())[0], c.margin)
        << c.row[0] << " " << c.row[1] << " " << c.row[2];
  }
}

// x < LessEqualThreshold(t) in float32 decides exactly as x <= t in double.
TEST(LightgbmText, ThresholdConversionIsExactForFloatInputs) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> value(-4, 4);
  for (int i = 0; i < 20000; ++i) {
    const double t = value(rng);
    const float near = static_cast<float>(t);
    for (const float x : {near, std::nextafter(near, -10.0f), std::nextafter(near, 10.0f)}) {
      EXPECT_EQ(x < LessEqualThreshold(t), static_cast<double>(x) <= t) << t << " " << x;
    }
  }
  EXPECT_EQ(LessEqualThreshold(1e300), INFINITY);
  EXPECT_TRUE(3e38f < LessEqualThreshold(1e300));
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

void ExpectError(const std::string& text, const std::string& message) {
  try {
    ParseLightgbmText(text, "model.txt");
    ADD_FAILURE() << "accepted; expected: " << message;
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
  }
}

TEST(LightgbmText, MalformedFilesGetClearErrors) {
  const std::string good = SmallModel();
  ExpectError(good.substr(0, good.size() / 2),
              "model.txt: no 'end of trees' line after 1 trees; the file is truncated");
  ExpectError(Replace(good, "leaf_value=0.5 -0.25 1", "leaf_value=0.5 -0.25"),
              "model.txt, line 21 (Tree=0): leaf_value: has 2 values, expected 3");
  ExpectError(Replace(good, "cat_boundaries=0 2", "cat_boundaries=0 3"),
              "(Tree=1): cat_boundaries: value 1 is 3: boundaries must rise from 0 to at most "
              "the 2 cat_threshold words");
  ExpectError(Replace(good, "cat_threshold=36 1", "cat_threshold=36 -1"),
              "cat_threshold: word 1 is not a 32-bit unsigned value");
  ExpectError(Replace(good, "decision_type=9", "decision_type=9\ndecision_type=9"),
              "line 38 (Tree=1): 'decision_type' appears twice");
  ExpectError(Replace(good, "threshold=0\n", "threshold=1\n"),
              "threshold: value 0 of a categorical split must be a bitset index 0..0, got 1");
  ExpectError(Replace(good, "right_child=1 -3", "right_child=1 -4"),
              "right_child: value 1 is -4, not a node of a tree with 3 leaves");
  ExpectError(Replace(good, "right_child=1 -3", "right_child=0 -3"), "cycle");
  ExpectError(Replace(good, "split_feature=0 2", "split_feature=0 3"),
              "split_feature: value 1 is 3, expected 0..2");
  ExpectError(Replace(good, "tree_sizes=400 400", "tree_sizes=400"),
              "tree_sizes: lists 1 trees but the file has 2");
  ExpectError(Replace(good, "Tree=1", "Tree=2"), "line 31: 'Tree=2', expected 'Tree=1'");
  ExpectError(Replace(good, "price color zero_coded", "price color"),
              "feature_names: has 2 names, max_feature_idx says 3");
  ExpectError(Replace(good, "threshold=2.5 ", "threshold=2.5x "),
              "threshold: value 0 '2.5x' is not a number");
  ExpectError(Replace(good, "cat_threshold=36 1\nis_linear=0", "cat_threshold=36 1\nis_linear=1"),
              "is_linear: linear trees (linear_tree=true) are not supported");
  ExpectError(Replace(good, "version=v4", "version=v9"), "'v9' is not a supported format version");
  ExpectError("{\"learner\": {}}", "not a LightGBM text model");
}

// Random-forest mode: the raw score is the trees' mean.
TEST(LightgbmText, AverageOutputIsTheMeanOfTheTrees) {
  const std::string averaged = Replace(SmallModel(), "objective=", "average_output\nobjective=");
  const float row[] = {5, 32, 0};
  EXPECT_DOUBLE_EQ(ParseLightgbmText(averaged, "m").Margin(row)[0], 1.75 / 2);
}

}  // namespace
}  // namespace whyrec
