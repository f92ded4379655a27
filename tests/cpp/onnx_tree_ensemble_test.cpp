#include "native/onnx_tree_ensemble.h"

#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

#include <cmath>
#include <functional>
#include <string>

#include "core/explain/tree_shap.h"
#include "native/onnx_model.h"
#include "tests/cpp/tree_fixtures.h"

namespace whyrec {
namespace {

using testing::Expected;
using testing::ExpectedRows;
using testing::ReadFile;
using testing::TreesDir;

// ctr_trees.onnx is ctr_xgb.json written by make_onnx_models.py in all four branch modes.
TEST(OnnxTreeEnsemble, PredictsLikeXgboostAndOnnxRuntime) {
  const std::string path = TreesDir() + "ctr_trees.onnx";
  ASSERT_TRUE(IsOnnxTreeEnsemble(ReadFile(path)));
  const TreeEnsemble model = ParseOnnxTreeEnsemble(ReadFile(path), "ctr_trees.onnx");
  OnnxModel runtime(path);
  const auto expected = Expected("ctr");
  const auto rows = ExpectedRows(expected);
  for (size_t r = 0; r < rows.size(); ++r) {
    const double ours = model.Margin(rows[r].data())[0];
    const double xgboost = expected["margin"][r];
    EXPECT_NEAR(ours, xgboost, 1e-5 * std::max(1.0, std::abs(xgboost))) << "row " << r;
    const RowMatrixF row = rows[r].transpose();
    const float ort = runtime.Predict(ConstMatrixView(row.data(), 1, 12), 0)(0, 0);
    EXPECT_NEAR(ours, ort, 1e-5 * std::max(1.0, std::abs(ours))) << "row " << r;
  }
}

TEST(OnnxTreeEnsemble, PathTreeShapFromHitratesEqualsPredContribs) {
  const TreeEnsemble model =
      ParseOnnxTreeEnsemble(ReadFile(TreesDir() + "ctr_trees.onnx"), "ctr_trees.onnx");
  const Background unused = Background::Uniform(RowMatrixF::Zero(1, 12));
  const TreeShap shap(model, Schema::FromNames(model.feature_names()), TreeShapMode::kPathDependent,
                      unused);
  const auto expected = Expected("ctr");
  const auto rows = ExpectedRows(expected);
  for (size_t r = 0; r < rows.size(); ++r) {
    const Explanation e = shap.Explain(rows[r]);
    for (int j = 0; j <= 12; ++j) {
      const double theirs = expected["contribs"][r][j];
      const double ours = j < 12 ? e.values(0, j) : e.base_value[0];
      EXPECT_NEAR(ours, theirs, 1e-5 * std::max(1.0, std::abs(theirs))) << r << ", " << j;
    }
  }
}

// Damages the small ranking_trees.onnx and expects an error containing `fragment`.
void ExpectError(const std::function<void(onnx::NodeProto&)>& edit, const std::string& fragment) {
  onnx::ModelProto model;
  ASSERT_TRUE(model.ParseFromString(ReadFile(TreesDir() + "ranking_trees.onnx")));
  edit(*model.mutable_graph()->mutable_node(0));
  try {
    ParseOnnxTreeEnsemble(model.SerializeAsString(), "m.onnx");
    FAIL() << "expected an error containing '" << fragment << "'";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).rfind("m.onnx: ", 0), 0u) << e.what();
  }
}

onnx::AttributeProto& Attribute(onnx::NodeProto& node, const std::string& name) {
  for (auto& a : *node.mutable_attribute()) {
    if (a.name() == name) return a;
  }
  throw std::logic_error("no attribute " + name);
}

TEST(OnnxTreeEnsemble, RejectsMalformedModelsWithAClearMessage) {
  EXPECT_THROW(ParseOnnxTreeEnsemble("not a model", "m.onnx"), std::invalid_argument);
  EXPECT_FALSE(
      IsOnnxTreeEnsemble(ReadFile(std::string(WHYREC_SOURCE_DIR) + "/examples/demo/ctr_mlp.onnx")));
  ExpectError([](onnx::NodeProto& n) { n.set_op_type("TreeEnsembleClassifier"); },
              "TreeEnsembleClassifier is not supported yet");
  ExpectError([](onnx::NodeProto& n) { Attribute(n, "nodes_modes").set_strings(0, "BRANCH_EQ"); },
              "tree 0, node 0: branch mode BRANCH_EQ is not supported");
  ExpectError([](onnx::NodeProto& n) { Attribute(n, "nodes_truenodeids").set_ints(0, 99); },
              "tree 0, node 0: child 99 does not exist");
  ExpectError([](onnx::NodeProto& n) { Attribute(n, "nodes_truenodeids").set_ints(0, 0); },
              "reached twice (cycle)");
  ExpectError([](onnx::NodeProto& n) { Attribute(n, "nodes_values").set_floats(0, NAN); },
              "nodes_values[0] is not finite");
  ExpectError(
      [](onnx::NodeProto& n) { Attribute(n, "nodes_featureids").mutable_ints()->RemoveLast(); },
      "nodes_featureids has");
  ExpectError([](onnx::NodeProto& n) { Attribute(n, "target_ids").set_ints(0, 3); },
              "target_ids[0] is 3, expected 0..0");
  ExpectError([](onnx::NodeProto& n) { Attribute(n, "post_transform").set_s("PROBIT"); },
              "post_transform PROBIT is not supported");
}

}  // namespace
}  // namespace whyrec
