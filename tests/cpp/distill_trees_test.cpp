// The tree and rule-list surrogate families: CART and sequential covering recover a planted
// piecewise function with one interaction, the rule list's exact tree scores every row as the
// list does, TreeSHAP on both equals Shapley values by brute force over player orders, the
// written files read back, and bad teachers and files get clear errors.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/distill/distill.h"
#include "core/distill/regression_tree_fit.h"
#include "core/distill/rule_list_fit.h"
#include "core/explain/trees/tree_shap.h"
#include "core/models/distilled_model.h"
#include "core/models/distilled_tree.h"
#include "core/models/rule_list.h"
#include "core/random.h"
#include "tests/cpp/distill_planted.h"
#include "tests/cpp/shapley_reference.h"

namespace whyrec {
namespace {

const std::vector<std::string> kNames = {"x0", "x1", "x2", "x3", "x4"};

// f = 2 [x0 >= 0.3] + 1.5 [x1 < -0.2] [x2 >= 0]: a step in x0 and one interaction of x1 and x2
// (x3, x4 are noise). A depth-3 tree, or a list of four rules, is exactly f.
double PlantedStep(const float* x) {
  return 2.0 * (x[0] >= 0.3f) + 1.5 * (x[1] < -0.2f && x[2] >= 0.0f);
}

struct StepData {
  RowMatrixF x;
  Eigen::VectorXd y;
};

// Uniform(-1, 1) features; `missing` of the rows have x3 missing (NaN), which f ignores.
StepData Steps(int rows, uint64_t seed, double missing = 0.0) {
  StepData d{UniformRows(rows, seed), Eigen::VectorXd(rows)};
  Random random(seed + 1000);
  for (int r = 0; r < rows; ++r) {
    if (random.Uniform() < missing) d.x(r, 3) = NAN;
    d.y[r] = PlantedStep(d.x.row(r).data());
  }
  return d;
}

double HeldOutR2(const std::string& family, const StepData& d, DistillOptions o) {
  o.family = family;
  return Distill(d.x, d.y, kNames, {}, o).holdout_r2;
}

TEST(DistillTrees, TreeRecoversThePlantedSteps) {
  const StepData d = Steps(4000, 1, 0.1);
  RegressionTreeOptions o;
  o.max_depth = 3;
  const Tree tree = FitRegressionTree(d.x, d.y, o);
  // The root splits x0 at the step (the largest reduction), within a quantile bin of 0.3.
  EXPECT_EQ(tree.nodes[0].feature, 0);
  EXPECT_NEAR(tree.nodes[0].threshold, 0.3, 0.01);
  EXPECT_EQ(tree.nodes[0].cover, 4000);
  DistillOptions distill;
  distill.tree.max_depth = 3;
  EXPECT_GT(HeldOutR2("tree", d, distill), 0.99);
  // Too shallow for the interaction: the x0 step alone explains 2^2 / (2^2 + ...) of the variance.
  distill.tree.max_depth = 1;
  const double one_split = HeldOutR2("tree", d, distill);
  EXPECT_GT(one_split, 0.6);
  EXPECT_LT(one_split, 0.9);
}

TEST(DistillTrees, RuleListRecoversThePlantedSteps) {
  const StepData d = Steps(4000, 2, 0.1);
  DistillOptions o;
  o.rule_list.max_rules = 8;
  EXPECT_GT(HeldOutR2("rule_list", d, o), 0.97);
  o.rule_list.max_rules = 1;
  EXPECT_LT(HeldOutR2("rule_list", d, o), 0.9);
}

TEST(DistillTrees, MissingValuesFollowTheLearnedSide) {
  // Rows with x0 missing score 4: the tree must send them to a leaf of their own.
  StepData d = Steps(3000, 3);
  for (int r = 0; r < 600; ++r) {
    d.x(r, 0) = NAN;
    d.y[r] = 4.0;
  }
  DistillOptions o;
  o.tree.max_depth = 4;
  EXPECT_GT(HeldOutR2("tree", d, o), 0.98);
}

// Random rule lists (overlapping intervals, one-sided and open conditions) against rows with
// missing values: the tree RuleListTree builds scores every row as the list does.
TEST(DistillTrees, RuleListTreeScoresAsTheList) {
  Random random(7);
  const StepData d = Steps(500, 4, 0.2);
  for (int trial = 0; trial < 30; ++trial) {
    RuleList list;
    list.feature_names = kNames;
    const int rules = 1 + static_cast<int>(random.Below(8));
    for (int k = 0; k < rules; ++k) {
      Rule rule;
      std::vector<int> features = {0, 1, 2, 3, 4};
      const int conditions = 1 + static_cast<int>(random.Below(3));
      for (int c = 0; c < conditions; ++c) {
        const int pick = static_cast<int>(random.Below(features.size()));
        RuleCondition cond;
        cond.feature = features[pick];
        features.erase(features.begin() + pick);
        const int shape = static_cast<int>(random.Below(4));  // both, low only, high only, open
        const float a = static_cast<float>(2 * random.Uniform() - 1);
        const float b = static_cast<float>(2 * random.Uniform() - 1);
        if (shape == 0 || shape == 1) cond.low = std::min(a, b) - 0.01f;
        if (shape == 0 || shape == 2) cond.high = std::max(a, b);
        rule.conditions.push_back(cond);
      }
      rule.score = k + 1;
      list.rules.push_back(rule);
    }
    list.default_score = -1;
    const Tree tree = RuleListTree(list);
    TreeEnsemble model(kNames, {tree}, Eigen::VectorXd::Zero(1), OutputTransform::kIdentity, "t");
    for (Eigen::Index r = 0; r < d.x.rows(); ++r) {
      ASSERT_EQ(model.Margin(d.x.row(r).data())[0], list.Score(d.x.row(r).data()))
          << "trial " << trial << " row " << r;
    }
  }
}

// TreeSHAP (interventional) on a fitted surrogate, as `explain` reads it from its file, against
// Shapley values by brute force over all 120 player orders, on rows with missing values.
void ExpectExactShapley(const std::string& family) {
  const StepData d = Steps(2000, 5, 0.15);
  DistillOptions o;
  o.family = family;
  o.tree.max_depth = 4;
  o.rule_list.max_rules = 6;
  const DistillResult fit = Distill(d.x, d.y, kNames, {}, o);
  const TreeEnsemble model = ReadDistilledTrees(fit.model_json, family);
  const RowMatrixF background = d.x.topRows(12);
  const TreeShap shap(model, Schema::FromNames(kNames), TreeShapMode::kInterventional,
                      Background::Uniform(background));
  const auto f = [&](const Eigen::VectorXd& row) {
    const Eigen::VectorXf x = row.cast<float>();
    return model.Margin(x.data())[0];
  };
  for (int r = 100; r < 110; ++r) {
    const Eigen::VectorXf x = d.x.row(r).transpose();
    const Eigen::VectorXd expected =
        testing::PermutationShapley(f, x.cast<double>(), background.cast<double>(),
                                    Eigen::VectorXd::Ones(12), testing::SinglePlayers(5));
    const Eigen::VectorXd got = shap.Explain(x).values.row(0).transpose();
    EXPECT_LT((got - expected).cwiseAbs().maxCoeff(), 1e-9) << family << " row " << r;
  }
}

TEST(DistillTrees, TreeShapleyIsExact) { ExpectExactShapley("tree"); }
TEST(DistillTrees, RuleListShapleyIsExact) { ExpectExactShapley("rule_list"); }

TEST(DistillTrees, FilesReadBackAsWritten) {
  const StepData d = Steps(1000, 6);
  for (const std::string family : {"tree", "rule_list"}) {
    DistillOptions o;
    o.family = family;
    o.link = Link::kLogit;
    const DistillResult fit = Distill(d.x, d.y, kNames, {}, o);
    const auto doc = nlohmann::json::parse(fit.model_json);
    EXPECT_EQ(doc["format"], "whyrec-distilled");
    EXPECT_EQ(doc["family"], family);
    TreeEnsemble model = ReadDistilledTrees(fit.model_json, "m.json");
    EXPECT_EQ(model.output_names(), (std::vector<std::string>{"margin", "prob"}));
    EXPECT_GT(fit.terms, 1);
    // An additive reader names the family it cannot read.
    try {
      DistilledModel::FromJson(fit.model_json, "m.json");
      ADD_FAILURE() << "read a " << family << " as a GA2M";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("family \"" + family + "\""), std::string::npos);
    }
  }
}

void ExpectError(const std::string& text, const std::string& fragment) {
  try {
    ReadDistilledTrees(text, "bad.json");
    ADD_FAILURE() << "accepted " << text;
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("bad.json"), std::string::npos) << e.what();
  }
}

TEST(DistillTrees, BadFilesGetClearErrors) {
  const std::string head =
      R"({"format": "whyrec-distilled", "version": 1, "link": "identity", "feature_names": ["a"], )";
  ExpectError(head + R"("family": "tree", "nodes": []})", "non-empty array");
  ExpectError(head + R"("family": "tree", "nodes": [{"feature": "b", "threshold": 0,
      "missing": "left", "left": 1, "right": 2}, {"value": 1}, {"value": 2}]})",
              "names feature \"b\"");
  ExpectError(head + R"("family": "tree", "nodes": [{"feature": "a", "threshold": 0,
      "missing": "left", "left": 0, "right": 2}, {"value": 1}, {"value": 2}]})",
              "index of a later node");
  ExpectError(head + R"("family": "tree", "nodes": [{"feature": "a", "threshold": 0,
      "missing": "up", "left": 1, "right": 2}, {"value": 1}, {"value": 2}]})",
              "\"missing\" must be");
  ExpectError(head + R"("family": "rule_list", "rules": [{"if": [{"feature": "a", "low": 2,
      "high": 1}], "then": 1}], "else": 0})",
              "needs \"low\" < \"high\"");
  ExpectError(head + R"("family": "rule_list", "rules": [{"if": [], "then": 1}], "else": 0})",
              "non-empty array of conditions");
  ExpectError(head + R"("family": "rule_list", "rules": []})", "has no \"else\"");
  ExpectError(head + R"("family": "ga2m", "intercept": 0, "terms": []})", "not a tree family");
}

TEST(DistillTrees, BadTeachersGetClearErrors) {
  StepData d = Steps(200, 8);
  for (const std::string family : {"tree", "rule_list"}) {
    DistillOptions o;
    o.family = family;
    Eigen::VectorXd constant = Eigen::VectorXd::Constant(200, 0.5);
    try {
      Distill(d.x, constant, kNames, {}, o);
      ADD_FAILURE() << "distilled a constant teacher";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("constant teacher"), std::string::npos) << e.what();
    }
    Eigen::VectorXd with_nan = d.y;
    with_nan[17] = NAN;
    try {
      Distill(d.x, with_nan, kNames, {}, o);
      ADD_FAILURE() << "distilled a NaN teacher score";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("row 17"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("NaN"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace whyrec
