#include "core/explain/explanation_json.h"

#include <gtest/gtest.h>

namespace whyrec {
namespace {

Explanation Row(double v0, double v1, int outputs = 1) {
  Explanation e;
  e.method = "exact";
  e.player_names = {"a", "b"};
  e.values = Eigen::MatrixXd::Constant(outputs, 2, 0.0);
  e.values.col(0).setConstant(v0);
  e.values.col(1).setConstant(v1);
  e.std_errors = Eigen::MatrixXd::Zero(outputs, 2);
  e.base_value = Eigen::VectorXd::Constant(outputs, 0.5);
  e.model_output = Eigen::VectorXd::Constant(outputs, 0.5 + v0 + v1);
  e.evaluations = 400;
  e.seed = 7;
  return e;
}

TEST(ExplanationJson, WritesTheDocumentedShape) {
  const auto json = ExplanationsToJson({Row(0.25, -0.125), Row(1, 2)}, "prob");
  std::vector<std::string> keys;
  for (const auto& [key, value] : json.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"method", "output", "feature_names", "base_value",
                                            "values", "std_errors", "model_output", "evaluations",
                                            "seed", "settings"}));
  EXPECT_EQ(json["values"].dump(), "[[0.25,-0.125],[1.0,2.0]]");
  EXPECT_EQ(json["model_output"].dump(), "[0.625,3.5]");
  EXPECT_EQ(json["base_value"], 0.5);
  EXPECT_EQ(json["output"], "prob");
  EXPECT_EQ(json["seed"], 7);
  EXPECT_EQ(json["evaluations"], 400);
}

TEST(ExplanationJson, SeveralOutputsBecomeArrays) {
  const auto json = ExplanationsToJson({Row(1, 2, 2)}, "scores");
  EXPECT_EQ(json["values"].dump(), "[[[1.0,1.0],[2.0,2.0]]]");
  EXPECT_EQ(json["base_value"].dump(), "[0.5,0.5]");
}

TEST(ExplanationJson, RejectsRowsThatDisagree) {
  Explanation other = Row(1, 2);
  other.player_names = {"a", "c"};
  EXPECT_THROW(ExplanationsToJson({Row(1, 2), other}, "y"), std::invalid_argument);
  EXPECT_THROW(ExplanationsToJson({}, "y"), std::invalid_argument);
}

}  // namespace
}  // namespace whyrec
