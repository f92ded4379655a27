#include "core/models/xgboost_json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <string>

#include "core/explain/trees/tree_shap.h"
#include "tests/cpp/tree_fixtures.h"

namespace whyrec {
namespace {

using testing::Expected;
using testing::ExpectedRows;
using testing::LoadXgboost;
using testing::ReadFile;
using testing::TreesDir;
using Json = nlohmann::json;

const char* const kModels[] = {"ctr", "regression", "multiclass", "ranking", "ndcg", "deep"};

// XGBoost computes in float32; differences to its output are relative to the magnitude.
void ExpectClose(double ours, double xgboost, const std::string& what) {
  EXPECT_NEAR(ours, xgboost, 1e-5 * std::max(1.0, std::abs(xgboost))) << what;
}

TEST(XgboostJson, PredictsXgboostMargins) {
  for (const char* name : kModels) {
    const TreeEnsemble model = LoadXgboost(name);
    const Json expected = Expected(name);
    const auto rows = ExpectedRows(expected);
    for (size_t r = 0; r < rows.size(); ++r) {
      const Eigen::VectorXd margin = model.Margin(rows[r].data());
      const Json& want = expected["margin"][r];
      for (int k = 0; k < model.num_outputs(); ++k) {
        ExpectClose(
            margin[k], want.is_array() ? want[k].get<double>() : want.get<double>(),
            std::string(name) + " row " + std::to_string(r) + " output " + std::to_string(k));
      }
    }
  }
}

TEST(XgboostJson, ReadsObjectiveBaseScoreClassesAndNames) {
  const TreeEnsemble ctr = LoadXgboost("ctr");
  EXPECT_EQ(ctr.objective(), "binary:logistic");
  EXPECT_DOUBLE_EQ(ctr.base_margin()[0], 0.0);  // logit(0.5)
  EXPECT_EQ(ctr.trees().size(), 100u);
  EXPECT_EQ(ctr.feature_names()[0], "price_vs_usual_spend");
  EXPECT_EQ(ctr.output_names(), (std::vector<std::string>{"margin", "prob"}));
  const TreeEnsemble regression = LoadXgboost("regression");
  EXPECT_DOUBLE_EQ(regression.base_margin()[0], 1.5);
  EXPECT_EQ(regression.feature_names()[3], "f3");  // saved without names
  EXPECT_EQ(LoadXgboost("multiclass").num_outputs(), 3);
  EXPECT_EQ(LoadXgboost("deep").max_depth(), 20);
}

TEST(XgboostJson, PathDependentTreeShapEqualsPredContribs) {
  for (const char* name : kModels) {
    const TreeEnsemble model = LoadXgboost(name);
    const Schema schema = Schema::FromNames(model.feature_names());
    const Background unused = Background::Uniform(RowMatrixF::Zero(1, model.input_width()));
    const TreeShap shap(model, schema, TreeShapMode::kPathDependent, unused);
    const Json expected = Expected(name);
    const auto rows = ExpectedRows(expected);
    const int d = model.input_width();
    for (size_t r = 0; r < rows.size(); ++r) {
      const Explanation e = shap.Explain(rows[r]);
      for (int k = 0; k < model.num_outputs(); ++k) {
        const Json& contribs =
            model.num_outputs() > 1 ? expected["contribs"][r][k] : expected["contribs"][r];
        const std::string where =
            std::string(name) + " row " + std::to_string(r) + " output " + std::to_string(k);
        for (int j = 0; j < d; ++j) {
          ExpectClose(e.values(k, j), contribs[j].get<double>(),
                      where + " feature " + std::to_string(j));
        }
        ExpectClose(e.base_value[k], contribs[d].get<double>(), where + " bias");
      }
    }
  }
}

// Loads the ranking fixture, lets `edit` damage it, and expects an error containing `fragment`.
void ExpectError(const std::function<void(Json&)>& edit, const std::string& fragment) {
  Json model = Json::parse(ReadFile(TreesDir() + "ranking_xgb.json"));
  edit(model);
  try {
    ParseXgboostJson(model.dump(), "m.json");
    FAIL() << "expected an error containing '" << fragment << "'";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).rfind("m.json: ", 0), 0u) << e.what();
  }
}

Json& FirstTree(Json& model) { return model["learner"]["gradient_booster"]["model"]["trees"][0]; }

TEST(XgboostJson, RejectsMalformedModelsWithAClearMessage) {
  const std::string text = ReadFile(TreesDir() + "ranking_xgb.json");
  EXPECT_THROW(ParseXgboostJson(text.substr(0, text.size() / 2), "m.json"), std::invalid_argument);
  ExpectError([](Json& m) { m["learner"].erase("objective"); }, "learner has no \"objective\"");
  ExpectError([](Json& m) { m["learner"]["objective"]["name"] = "survival:aft"; },
              "objective \"survival:aft\" is not supported");
  ExpectError([](Json& m) { m["learner"]["gradient_booster"]["name"] = "gblinear"; },
              "booster \"gblinear\"");
  ExpectError(
      [](Json& m) {
        m["learner"]["gradient_booster"]["model"]["gbtree_model_param"]["num_trees"] = "1000000";
      },
      "model.trees has 3 entries, expected 1000000");
  ExpectError([](Json& m) { m["learner"]["learner_model_param"]["base_score"] = "abc"; },
              "base_score must be a finite number");
  ExpectError(
      [](Json& m) {
        m["learner"]["objective"]["name"] = "binary:logistic";
        m["learner"]["learner_model_param"]["base_score"] = "1.5";
      },
      "outside the domain");
  ExpectError([](Json& m) { FirstTree(m)["left_children"][0] = 99; },
              "tree 0, node 0 left child must be an integer in -1..");
  ExpectError([](Json& m) { FirstTree(m)["left_children"][0] = 0; }, "reached twice (cycle)");
  ExpectError(
      [](Json& m) {
        Json& tree = FirstTree(m);
        const int child = tree["left_children"][0];
        tree["left_children"][child] = 0;
        tree["right_children"][child] = tree["right_children"][0];
      },
      "reached twice");
  ExpectError([](Json& m) { FirstTree(m)["left_children"][0] = -1; },
              "has a right child but no left child");
  ExpectError([](Json& m) { FirstTree(m)["split_conditions"][0] = "NaN"; },
              "tree 0, node 0 split condition must be a finite number");
  ExpectError([](Json& m) { FirstTree(m)["split_conditions"][0] = 1e300; },
              "threshold overflows float32");
  ExpectError([](Json& m) { FirstTree(m)["split_indices"][0] = 12; },
              "tree 0, node 0 split index must be an integer in 0..11");
  ExpectError([](Json& m) { FirstTree(m)["split_type"][0] = 1; }, "categorical split");
  ExpectError([](Json& m) { FirstTree(m)["left_children"] = 5; },
              "tree 0.left_children must be an array of numbers");
  ExpectError([](Json& m) { FirstTree(m)["sum_hessian"][2] = Json::array({1}); },
              "tree 0.sum_hessian must be an array of numbers");
  ExpectError([](Json& m) { FirstTree(m).erase("default_left"); },
              "tree 0 has no \"default_left\"");
  ExpectError([](Json& m) { m["learner"]["gradient_booster"]["model"]["trees"][1] = 7; },
              "model.trees must hold one object per tree");
  ExpectError([](Json& m) { FirstTree(m)["tree_param"]["num_nodes"] = "1000000"; },
              "tree 0.left_children has 15 entries, expected 1000000");
  ExpectError([](Json& m) { FirstTree(m)["sum_hessian"][1] = -1; },
              "tree 0, node 1: cover must be finite and >= 0");
  ExpectError([](Json& m) { m["learner"]["gradient_booster"]["model"]["tree_info"][0] = 1; },
              "tree_info[0] must be an integer in 0..0");
  ExpectError([](Json& m) { m["learner"]["feature_names"] = Json::array({"a"}); },
              "feature_names must be an array of 12 names");
}

// Damaged text (not a damaged model): the lexer's errors name the byte where reading stopped.
void ExpectTextError(const std::string& text, const std::string& fragment) {
  try {
    ParseXgboostJson(text, "m.json");
    FAIL() << "expected an error containing '" << fragment << "'";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(XgboostJson, RejectsDamagedTextNamingTheByte) {
  const std::string text = ReadFile(TreesDir() + "ranking_xgb.json");
  ExpectTextError(text.substr(0, 1000), "m.json: not valid JSON at byte 1000: ");
  ExpectTextError(text + " x", "not valid JSON at byte " + std::to_string(text.size() + 1));
  ExpectTextError(text + std::string(1, '\0') + "x",
                  "not valid JSON at byte " + std::to_string(text.size()) + ": a NUL byte");
  std::string bad_utf8 = text;
  bad_utf8.replace(bad_utf8.find("\"objective\""), 4, "\"ob\xff");
  ExpectTextError(bad_utf8, "Invalid encoding in string");
  ExpectTextError(R"({"learner": {"a": 1e999}})", "Number too big");
  // Nesting far deeper than any model: an error, not a stack overflow.
  ExpectTextError("{\"learner\": " + std::string(200000, '['), "not valid JSON at byte");
}

// The ranking fixture with its covers damaged by `edit`: path mode refuses it with an error
// containing every fragment; interventional mode, which reads no cover, stays additive.
void ExpectPathModeRefuses(const std::function<void(Json&)>& edit,
                           const std::vector<std::string>& fragments) {
  Json doc = Json::parse(ReadFile(TreesDir() + "ranking_xgb.json"));
  edit(doc);
  const TreeEnsemble model = ParseXgboostJson(doc.dump(), "m.json");
  const Schema schema = Schema::FromNames(model.feature_names());
  const Background background = Background::Uniform(RowMatrixF::Ones(3, 12));
  try {
    TreeShap(model, schema, TreeShapMode::kPathDependent, background);
    FAIL() << "expected an error containing '" << fragments[0] << "'";
  } catch (const std::invalid_argument& e) {
    for (const std::string& fragment : fragments) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  }
  const Explanation e = TreeShap(model, schema, TreeShapMode::kInterventional, background)
                            .Explain(Eigen::VectorXf::Zero(12));
  EXPECT_NEAR(e.values.sum(), e.model_output[0] - e.base_value[0], 1e-12);
}

TEST(XgboostJson, PathModeNeedsCoverInterventionalDoesNot) {
  ExpectPathModeRefuses([](Json& m) { FirstTree(m)["sum_hessian"][0] = 0; },
                        {"tree 0, node 0 has no training cover"});
}

// A child with more cover than its parent (a fuzzed file: 4.5e12 under 481) made fractions far
// above 1 whose products broke additivity; path mode now refuses such a tree by name.
TEST(XgboostJson, PathModeRefusesAChildCoveringMoreThanItsParent) {
  const int child = Json::parse(ReadFile(
      TreesDir() +
      "ranking_xgb.json"))["learner"]["gradient_booster"]["model"]["trees"][0]["left_children"][0]
                        .get<int>();
  ExpectPathModeRefuses([&](Json& m) { FirstTree(m)["sum_hessian"][child] = 4.5e12; },
                        {"tree 0, node " + std::to_string(child) + " has cover 4500000000000",
                         "more than its parent's (node 0"});
}

TEST(XgboostJson, RecognizesItsFormat) {
  EXPECT_TRUE(LooksLikeXgboostJson(ReadFile(TreesDir() + "ctr_xgb.json")));
  EXPECT_FALSE(LooksLikeXgboostJson(R"({"type":"linear","coefficients":[1]})"));
  EXPECT_FALSE(LooksLikeXgboostJson("\x08\x07onnx"));
}

}  // namespace
}  // namespace whyrec
