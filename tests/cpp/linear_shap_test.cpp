#include "core/explain/shapley/linear_shap.h"

#include <gtest/gtest.h>

#include "core/explain/drive.h"
#include "core/explain/shapley/exact_shapley.h"

namespace whyrec {
namespace {

LinearModel Logistic() {
  return LinearModel({"a", "b", "c"}, (Eigen::VectorXd(3) << 0.5, -2.0, 1.5).finished(), -0.25,
                     Link::kLogit);
}

RowMatrixF SomeRows() {
  RowMatrixF rows(4, 3);
  rows << 1, 2, 3, -1, 0.5, 2, 0, 0, 1, 4, -2, 0.25;
  return rows;
}

TEST(LinearShap, ClosedFormInMarginSpace) {
  const LinearModel model = Logistic();
  const Background bg(SomeRows(), (Eigen::VectorXd(4) << 1, 1, 2, 4).finished());
  const Eigen::VectorXf x = (Eigen::VectorXf(3) << 2, 1, -1).finished();
  const Explanation e = LinearShap(model, Schema::FromNames({"a", "b", "c"}), x, bg);
  const Eigen::VectorXd mean = bg.Mean();
  for (int j = 0; j < 3; ++j) {
    EXPECT_DOUBLE_EQ(e.values(0, j), model.coefficients()[j] * (x[j] - mean[j]));
  }
  EXPECT_DOUBLE_EQ(e.base_value[0], -0.25 + model.coefficients().dot(mean));
  EXPECT_NEAR(e.values.sum(), e.model_output[0] - e.base_value[0], 1e-12);
}

TEST(LinearShap, EqualsExactShapleyOfTheMargin) {
  LinearModel model = Logistic();
  const Background bg = Background::Uniform(SomeRows());
  const Eigen::VectorXf x = (Eigen::VectorXf(3) << 0.5, -1, 2).finished();
  const Schema schema = Schema::FromNames({"a", "b", "c"});
  ExactShapley job(schema, x, bg);
  const Explanation exact =
      Drive(job, [&](ConstMatrixView rows) { return model.Predict(rows, 0); });
  const Explanation linear = LinearShap(model, schema, x, bg);
  for (int j = 0; j < 3; ++j) EXPECT_NEAR(linear.values(0, j), exact.values(0, j), 1e-5);
}

TEST(LinearShap, GroupValueIsTheSumOfItsMembers) {
  const LinearModel model = Logistic();
  const Background bg = Background::Uniform(SomeRows());
  const Eigen::VectorXf x = (Eigen::VectorXf(3) << 0.5, -1, 2).finished();
  const Explanation single = LinearShap(model, Schema::FromNames({"a", "b", "c"}), x, bg);
  const Explanation grouped =
      LinearShap(model, Schema::FromNames({"a", "b", "c"}).WithGroups({{"ac", {"a", "c"}}}), x, bg);
  EXPECT_EQ(grouped.player_names, (std::vector<std::string>{"ac", "b"}));
  EXPECT_DOUBLE_EQ(grouped.values(0, 0), single.values(0, 0) + single.values(0, 2));
}

TEST(LinearModel, PredictsMarginAndProbability) {
  LinearModel model = Logistic();
  const RowMatrixF rows = SomeRows();
  const RowMatrixF margin = model.Predict(ConstMatrixView(rows.data(), 4, 3), 0);
  const RowMatrixF prob = model.Predict(ConstMatrixView(rows.data(), 4, 3), 1);
  EXPECT_FLOAT_EQ(margin(0, 0), -0.25f + 0.5f - 4.0f + 4.5f);
  EXPECT_FLOAT_EQ(prob(0, 0), 1.0f / (1.0f + std::exp(-margin(0, 0))));
  EXPECT_EQ(model.output_names(), (std::vector<std::string>{"margin", "prob"}));
}

TEST(LinearModel, ParsesJson) {
  const LinearModel model = LinearModel::FromJson(
      R"({"type":"linear","link":"logit","feature_names":["x","y"],"coefficients":[1.5,-2],
          "intercept":0.5})",
      "m.json");
  EXPECT_EQ(model.feature_names(), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(model.coefficients()[1], -2.0);
  EXPECT_EQ(model.intercept(), 0.5);
  EXPECT_EQ(model.link(), Link::kLogit);
}

void ExpectJsonError(const std::string& text, const std::string& fragment) {
  try {
    LinearModel::FromJson(text, "m.json");
    FAIL() << "expected an error for " << text;
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).rfind("m.json: ", 0), 0u) << e.what();
  }
}

TEST(LinearModel, RejectsBadJsonWithAClearMessage) {
  ExpectJsonError("{", "not valid JSON");
  ExpectJsonError("[]", "JSON object");
  ExpectJsonError(R"({"type":"tree"})", "\"type\" must be \"linear\"");
  ExpectJsonError(R"({"type":"linear","coefficients":[]})", "non-empty array");
  ExpectJsonError(R"({"type":"linear","coefficients":[1,"2"]})", "coefficient 1 must be a number");
  ExpectJsonError(R"({"type":"linear","coefficients":[1],"link":"probit"})", "\"link\" must be");
  ExpectJsonError(R"({"type":"linear","coefficients":[1],"feature_names":["a","b"]})",
                  "2 feature names but 1 coefficients");
  ExpectJsonError(R"({"type":"linear","coefficients":[1],"intercept":null})", "must be a number");
}

}  // namespace
}  // namespace whyrec
