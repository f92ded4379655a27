#include "native/onnx_tree_ensemble.h"

#include <gtest/gtest.h>
#include <onnx/onnx.pb.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <random>
#include <string>

#include "core/explain/trees/tree_shap.h"
#include "core/models/onnx_attributes_json.h"
#include "core/models/onnx_tree_ensemble.h"
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
  for (const std::string name : {"ctr", "multiclass"}) {
    const std::string file = name == "ctr" ? "ctr_trees.onnx" : "multiclass_trees.onnx";
    const TreeEnsemble model = ParseOnnxTreeEnsemble(ReadFile(TreesDir() + file), file);
    const Background unused = Background::Uniform(RowMatrixF::Zero(1, 12));
    const TreeShap shap(model, Schema::FromNames(model.feature_names()),
                        TreeShapMode::kPathDependent, unused);
    const auto expected = Expected(name);
    const auto rows = ExpectedRows(expected);
    for (size_t r = 0; r < rows.size(); ++r) {
      const Explanation e = shap.Explain(rows[r]);
      for (int k = 0; k < model.num_outputs(); ++k) {
        // XGBoost writes one class's contributions as a list, several as a list per class.
        const auto& contribs =
            model.num_outputs() == 1 ? expected["contribs"][r] : expected["contribs"][r][k];
        for (int j = 0; j <= 12; ++j) {
          const double theirs = contribs[j];
          const double ours = j < 12 ? e.values(k, j) : e.base_value[k];
          EXPECT_NEAR(ours, theirs, 1e-5 * std::max(1.0, std::abs(theirs)))
              << file << " row " << r << ", output " << k << ", " << j;
        }
      }
    }
  }
}

// Rows on the fixtures' value grids, with missing values: the demo features for 12-wide models,
// 0..3 (equality splits' values) and between them for branch_modes_trees.onnx.
RowMatrixF ProbeRows(int width, int n, unsigned seed) {
  std::mt19937 rng(seed);
  RowMatrixF rows(n, width);
  const auto demo = ExpectedRows(Expected("ctr"));
  for (int r = 0; r < n; ++r) {
    for (int c = 0; c < width; ++c) {
      const int pick = std::uniform_int_distribution<int>(0, 9)(rng);
      if (width == 12) {
        rows(r, c) = pick == 0 ? NAN : demo[(r + pick) % demo.size()][c] * (0.5f + 0.1f * pick);
        if (std::isnan(rows(r, c)) && pick != 0) rows(r, c) = 1;
      } else {
        rows(r, c) = pick == 0 ? NAN : pick < 5 ? pick - 1 : pick * 0.45f - 1;
      }
    }
  }
  return rows;
}

// Every output of `file` that ONNX Runtime also has, on probe rows, to `tolerance`.
void ExpectOnnxRuntimeOutputs(const std::string& path, const std::string& what,
                              double tolerance = 1e-5) {
  const TreeEnsemble model = ParseOnnxTreeEnsemble(ReadFile(path), what);
  OnnxModel runtime(path);
  const RowMatrixF probe = ProbeRows(model.input_width(), 200, 11);
  const ConstMatrixView rows(probe.data(), probe.rows(), probe.cols());
  int compared = 0;
  for (size_t o = 0; o < runtime.output_names().size(); ++o) {
    const auto names = model.output_names();
    const auto it = std::find(names.begin(), names.end(), runtime.output_names()[o]);
    if (it == names.end()) continue;
    TreeEnsemble copy = model;
    const RowMatrixF ours = copy.Predict(rows, static_cast<int>(it - names.begin()));
    const RowMatrixF theirs = runtime.Predict(rows, static_cast<int>(o));
    ASSERT_EQ(ours.cols(), theirs.cols()) << what;
    for (Eigen::Index r = 0; r < rows.rows(); ++r) {
      for (Eigen::Index k = 0; k < ours.cols(); ++k) {
        if (ours(r, k) == theirs(r, k)) continue;  // PROBIT's infinities too
        if (std::isnan(theirs(r, k))) {
          EXPECT_TRUE(std::isnan(ours(r, k))) << what << " row " << r << ", column " << k;
          continue;
        }
        EXPECT_NEAR(ours(r, k), theirs(r, k), tolerance)
            << what << " row " << r << ", column " << k;
      }
    }
    ++compared;
  }
  EXPECT_EQ(compared, 1) << what << ": the node's output is one of ours";
}

TEST(OnnxTreeEnsemble, ClassifiersAndBranchModesPredictWhatOnnxRuntimeOutputs) {
  for (const char* file :
       {"binary_classifier.onnx", "multiclass_trees.onnx", "branch_modes_trees.onnx"}) {
    ExpectOnnxRuntimeOutputs(TreesDir() + file, file);
  }
  const TreeEnsemble binary =
      ParseOnnxTreeEnsemble(ReadFile(TreesDir() + "binary_classifier.onnx"), "binary");
  EXPECT_EQ(binary.output_names(), (std::vector<std::string>{"margin", "probabilities"}));
  EXPECT_EQ(binary.num_outputs(), 1);
  const TreeEnsemble multi =
      ParseOnnxTreeEnsemble(ReadFile(TreesDir() + "multiclass_trees.onnx"), "multi");
  EXPECT_EQ(multi.num_outputs(), 3);
  // The multiclass margins are XGBoost's.
  const auto expected = Expected("multiclass");
  const auto rows = ExpectedRows(expected);
  for (size_t r = 0; r < rows.size(); ++r) {
    for (int k = 0; k < 3; ++k) {
      EXPECT_NEAR(multi.Margin(rows[r].data())[k], expected["margin"][r][k].get<double>(), 1e-5);
    }
  }
}

onnx::AttributeProto& Attribute(onnx::NodeProto& node, const std::string& name) {
  for (auto& a : *node.mutable_attribute()) {
    if (a.name() == name) return a;
  }
  auto* a = node.add_attribute();
  a->set_name(name);
  return *a;
}

void RemoveAttribute(onnx::NodeProto& node, const std::string& name) {
  auto* attributes = node.mutable_attribute();
  for (int i = 0; i < attributes->size(); ++i) {
    if (attributes->Get(i).name() == name) {
      attributes->DeleteSubrange(i, 1);
      return;
    }
  }
}

onnx::ModelProto LoadProto(const std::string& file) {
  onnx::ModelProto model;
  EXPECT_TRUE(model.ParseFromString(ReadFile(TreesDir() + file)));
  return model;
}

// ONNX Runtime's binary classifier writes its scores differently by which classes have weights,
// how many base values there are, the weights' signs and the post transform: each variant of
// binary_classifier.onnx either predicts what ONNX Runtime outputs or is rejected as documented.
TEST(OnnxTreeEnsemble, BinaryClassifierVariantsMatchOnnxRuntime) {
  const std::string path = ::testing::TempDir() + "whyrec_binary_variant.onnx";
  int matched = 0, rejected = 0;
  for (const char* post : {"NONE", "LOGISTIC", "SOFTMAX", "SOFTMAX_ZERO", "PROBIT"}) {
    for (int base_size : {0, 1, 2}) {
      for (int classes : {0, 1, 2}) {  // weights for class 0, class 1, both
        for (bool positive : {false, true}) {
          onnx::ModelProto model = LoadProto("binary_classifier.onnx");
          onnx::NodeProto& node = *model.mutable_graph()->mutable_node(0);
          Attribute(node, "post_transform").set_s(post);
          auto& base = Attribute(node, "base_values");
          base.clear_floats();
          for (int b = 0; b < base_size; ++b) base.add_floats(0.3f + 0.4f * b);
          if (base_size == 0) RemoveAttribute(node, "base_values");
          auto& ids = Attribute(node, "class_ids");
          auto& weights = Attribute(node, "class_weights");
          for (int e = 0; e < weights.floats_size(); ++e) {
            if (positive) weights.set_floats(e, std::abs(weights.floats(e)) * 0.2f);
            if (classes == 1) ids.set_ints(e, 1);
          }
          if (classes == 2) {  // a second weight per leaf, for class 1
            for (const char* name : {"class_treeids", "class_nodeids"}) {
              auto& a = Attribute(node, name);
              const int n = a.ints_size();
              for (int e = 0; e < n; ++e) a.add_ints(a.ints(e));
            }
            const int n = weights.floats_size();
            for (int e = 0; e < n; ++e) {
              weights.add_floats(weights.floats(e) * -0.5f);
              ids.add_ints(1);
            }
          }
          std::ofstream(path, std::ios::binary) << model.SerializeAsString();
          const std::string what = std::string(post) + ", " + std::to_string(base_size) +
                                   " base values, classes " + std::to_string(classes) +
                                   (positive ? ", positive" : ", mixed");
          try {
            ParseOnnxTreeEnsemble(model.SerializeAsString(), what);
          } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find("PROBIT with one score column"), std::string::npos)
                << e.what();
            ++rejected;
            continue;
          }
          // ONNX Runtime's PROBIT takes the log of 1 - x^2 in float32, which turns the last bit
          // of a margin summed in another order into ~1e-5 near x = 0.
          ExpectOnnxRuntimeOutputs(path, what, std::string(post) == "PROBIT" ? 1e-4 : 1e-5);
          ++matched;
        }
      }
    }
  }
  std::remove(path.c_str());
  EXPECT_EQ(matched + rejected, 90);
  EXPECT_EQ(rejected, 4);  // PROBIT, class 0 only, 0 or 1 base values
}

// Damages a small model and expects an error containing `fragment`.
void ExpectError(const std::string& file, const std::function<void(onnx::NodeProto&)>& edit,
                 const std::string& fragment) {
  onnx::ModelProto model = LoadProto(file);
  edit(*model.mutable_graph()->mutable_node(0));
  try {
    ParseOnnxTreeEnsemble(model.SerializeAsString(), "m.onnx");
    FAIL() << "expected an error containing '" << fragment << "'";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).rfind("m.onnx: ", 0), 0u) << e.what();
  }
}

TEST(OnnxTreeEnsemble, RejectsMalformedModelsWithAClearMessage) {
  EXPECT_THROW(ParseOnnxTreeEnsemble("not a model", "m.onnx"), std::invalid_argument);
  EXPECT_FALSE(
      IsOnnxTreeEnsemble(ReadFile(std::string(WHYREC_SOURCE_DIR) + "/examples/demo/ctr_mlp.onnx")));
  const std::string regressor = "ranking_trees.onnx", classifier = "multiclass_trees.onnx";
  ExpectError(
      regressor, [](onnx::NodeProto& n) { n.set_op_type("TreeEnsembleClassifier"); },
      "exactly one of classlabels_int64s and classlabels_strings");
  ExpectError(
      regressor, [](onnx::NodeProto& n) { Attribute(n, "nodes_modes").set_strings(0, "IN"); },
      "tree 0, node 0: branch mode IN is not one of");
  ExpectError(
      regressor, [](onnx::NodeProto& n) { Attribute(n, "nodes_truenodeids").set_ints(0, 99); },
      "tree 0, node 0: child 99 does not exist");
  ExpectError(
      regressor, [](onnx::NodeProto& n) { Attribute(n, "nodes_truenodeids").set_ints(0, 0); },
      "tree 0, node 0: child 0 is reached twice (cycle)");
  ExpectError(
      regressor, [](onnx::NodeProto& n) { Attribute(n, "nodes_values").set_floats(0, NAN); },
      "nodes_values[0] is not finite");
  ExpectError(
      regressor,
      [](onnx::NodeProto& n) { Attribute(n, "nodes_featureids").mutable_ints()->RemoveLast(); },
      "nodes_featureids has");
  ExpectError(
      regressor, [](onnx::NodeProto& n) { RemoveAttribute(n, "nodes_modes"); },
      "nodes_modes is missing");
  ExpectError(
      regressor, [](onnx::NodeProto& n) { Attribute(n, "target_ids").set_ints(0, 3); },
      "target_ids[0] is 3, expected 0..0");
  ExpectError(
      regressor, [](onnx::NodeProto& n) { Attribute(n, "post_transform").set_s("SQRT"); },
      "post_transform SQRT is not supported");
  ExpectError(
      regressor, [](onnx::NodeProto& n) { Attribute(n, "aggregate_function").set_s("MAX"); },
      "aggregate_function MAX is not supported");
  ExpectError(
      classifier, [](onnx::NodeProto& n) { Attribute(n, "class_ids").set_ints(4, 3); },
      "class_ids[4] is 3, expected 0..2");
  ExpectError(
      classifier, [](onnx::NodeProto& n) { RemoveAttribute(n, "classlabels_strings"); },
      "needs exactly one of classlabels_int64s and classlabels_strings");
  ExpectError(
      classifier,
      [](onnx::NodeProto& n) { Attribute(n, "class_nodeids").mutable_ints()->RemoveLast(); },
      "class_nodeids has");
  ExpectError(
      classifier, [](onnx::NodeProto& n) { Attribute(n, "class_treeids").set_ints(0, 777); },
      "class_treeids[0] names tree 777, which has no nodes");
  ExpectError(
      classifier, [](onnx::NodeProto& n) { Attribute(n, "class_nodeids").set_ints(0, 999); },
      "class_nodeids[0]: tree 0 has no node 999");
  ExpectError(
      classifier,
      [](onnx::NodeProto& n) { Attribute(n, "base_values").mutable_floats()->RemoveLast(); },
      "base_values has 2 entries, expected 0 or 3");
  ExpectError(
      classifier,
      [](onnx::NodeProto& n) {
        auto& labels = Attribute(n, "classlabels_strings");
        while (labels.strings_size() > 1) labels.mutable_strings()->RemoveLast();
      },
      "needs 2..65536 class labels, got 1");
  ExpectError(
      classifier,
      [](onnx::NodeProto& n) {
        Attribute(n, "nodes_values_as_tensor").set_type(onnx::AttributeProto::TENSOR);
      },
      "*_as_tensor) are not supported: nodes_values_as_tensor");
}

// A chain of `depth` BRANCH_EQ splits on one feature, each with a leaf on its true side and the
// rest of the chain on its false side (how converters write a categorical split).
OnnxNodeAttributes EqualityChain(int depth) {
  OnnxNodeAttributes node;
  node.op_type = "TreeEnsembleRegressor";
  for (int i = 0; i <= 2 * depth; ++i) {
    const bool leaf = i % 2 == 1 || i == 2 * depth;
    node.ints["nodes_treeids"].push_back(0);
    node.ints["nodes_nodeids"].push_back(i);
    node.ints["nodes_featureids"].push_back(0);
    node.strings["nodes_modes"].push_back(leaf ? "LEAF" : "BRANCH_EQ");
    node.floats["nodes_values"].push_back(static_cast<float>(i));
    node.ints["nodes_truenodeids"].push_back(leaf ? 0 : i + 1);
    node.ints["nodes_falsenodeids"].push_back(leaf ? 0 : i + 2);
  }
  node.ints["target_treeids"] = {0};
  node.ints["target_nodeids"] = {1};
  node.ints["target_ids"] = {0};
  node.floats["target_weights"] = {1};
  return node;
}

// Each equality split copies its false side, so a chain of d of them takes 2^(d+2) - 3 nodes:
// ten are fine, thirty are refused rather than expanded without bound.
TEST(OnnxTreeEnsemble, RefusesEqualitySplitsThatWouldExplode) {
  EXPECT_EQ(TreeEnsembleFromOnnx(EqualityChain(10), "chain.onnx").trees()[0].nodes.size(), 4093u);
  try {
    TreeEnsembleFromOnnx(EqualityChain(30), "chain.onnx");
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("chain.onnx: tree 0: rewriting its BRANCH_EQ/BRANCH_NEQ"),
              std::string::npos)
        << e.what();
  }
}

// The JSON the browser sends gives the same model as the protobuf reader.
TEST(OnnxTreeEnsemble, JsonAttributesGiveTheSameModel) {
  const std::string file = "multiclass_trees.onnx";
  const OnnxNodeAttributes node = ReadOnnxTreeEnsembleNode(ReadFile(TreesDir() + file), file);
  nlohmann::json json = {{"op_type", node.op_type}, {"input_width", node.input_width},
                         {"outputs", node.outputs}, {"ints", node.ints},
                         {"floats", node.floats},   {"strings", node.strings}};
  const TreeEnsemble a = TreeEnsembleFromOnnx(node, file);
  const TreeEnsemble b = TreeEnsembleFromOnnx(OnnxNodeAttributesFromJson(json.dump(), file), file);
  const RowMatrixF rows = ProbeRows(12, 50, 3);
  for (Eigen::Index r = 0; r < rows.rows(); ++r) {
    EXPECT_EQ(a.Margin(rows.row(r).data()), b.Margin(rows.row(r).data()));
  }
  json["floats"]["nodes_values"][3] = nullptr;
  EXPECT_THROW(
      {
        try {
          TreeEnsembleFromOnnx(OnnxNodeAttributesFromJson(json.dump(), "m"), "m");
        } catch (const std::invalid_argument& e) {
          EXPECT_STREQ(e.what(), "m: nodes_values[3] is not finite");
          throw;
        }
      },
      std::invalid_argument);
  for (const auto& [text, message] : std::vector<std::pair<std::string, std::string>>{
           {"[]", "m: not a JSON object"},
           {"{}", "m: op_type must be a string"},
           {R"({"op_type": "X", "ints": {"a": [1.5]}})", "m: ints.a[0] must be an integer"},
           {R"({"op_type": "X", "strings": {"a": "b"}})", "m: strings.a must be an array"},
           {R"({"op_type": "X", "outputs": [1]})", "m: outputs must be an array of names"}}) {
    try {
      OnnxNodeAttributesFromJson(text, "m");
      ADD_FAILURE() << text;
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(e.what(), message);
    }
  }
}

}  // namespace
}  // namespace whyrec
