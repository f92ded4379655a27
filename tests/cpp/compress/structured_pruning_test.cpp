#include "native/compress/structured_pruning.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "native/compress/float_initializer.h"
#include "tests/cpp/compress/compress_fixtures.h"

namespace whyrec {
namespace {

// Removing hidden units gives the same outputs as zeroing them in place (the closed form: a
// ReLU unit with zero incoming weights, bias and outgoing weights adds 0), for every layer.
template <typename T>
void ExpectRemovalEqualsZeroing(const std::string& example, const std::vector<T>& input,
                                const std::vector<int64_t>& shape, size_t expected_layers) {
  const onnx::ModelProto original = testing::LoadExample(example);
  const auto layers = FindHiddenLayers(original.graph());
  ASSERT_EQ(layers.size(), expected_layers);
  for (const HiddenLayer& layer : layers) {
    const auto units = WeakestUnits(original.graph(), layer, 0.5);
    const int64_t width =
        FindInitializer(original.graph(), layer.first_weight)->dims(layer.first_unit_axis);
    ASSERT_EQ(static_cast<int64_t>(units.size()), std::llround(0.5 * width));
    onnx::ModelProto zeroed = original, removed = original;
    ZeroUnits(*zeroed.mutable_graph(), layer, units);
    RemoveUnits(*removed.mutable_graph(), layer, units);
    const onnx::TensorProto& w2 = *FindInitializer(removed.graph(), layer.second_weight);
    EXPECT_EQ(w2.dims(layer.second_unit_axis), width - static_cast<int64_t>(units.size()));
    const auto expected = testing::RunFirstOutput(zeroed, input, shape);
    const auto got = testing::RunFirstOutput(removed, input, shape);
    const auto before = testing::RunFirstOutput(original, input, shape);
    ASSERT_EQ(got.size(), expected.size());
    double changed = 0;
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_NEAR(got[i], expected[i], 1e-4 * (1 + std::fabs(expected[i]))) << layer.first_weight;
      changed = std::max(changed, std::fabs(static_cast<double>(before[i]) - got[i]));
    }
    EXPECT_GT(changed, 1e-3) << "removing half the units changed nothing: " << layer.first_weight;
  }
}

TEST(StructuredPruning, DemoMlpRemovalEqualsZeroingTheSameUnits) {
  ExpectRemovalEqualsZeroing<float>("demo/ctr_mlp.onnx", testing::DemoRows(64), {64, 12}, 2);
}

TEST(StructuredPruning, SasrecFeedForwardRemovalEqualsZeroingTheSameUnits) {
  ExpectRemovalEqualsZeroing<int64_t>("movielens/sasrec.onnx", testing::Histories(8), {8, 50}, 2);
}

TEST(StructuredPruning, WeakestUnitsHaveTheSmallestNormProducts) {
  const onnx::ModelProto model = testing::LoadExample("demo/ctr_mlp.onnx");
  const HiddenLayer layer = FindHiddenLayers(model.graph())[0];  // net.0 [32, 12] -> net.2
  const auto w1 = ReadFloatTensor(*FindInitializer(model.graph(), "net.0.weight"));
  const auto w2 = ReadFloatTensor(*FindInitializer(model.graph(), "net.2.weight"));
  std::vector<double> score(32);
  for (int j = 0; j < 32; ++j) {
    double in = 0, out = 0;
    for (int k = 0; k < 12; ++k) in += w1.values[j * 12 + k] * w1.values[j * 12 + k];
    for (int o = 0; o < 16; ++o) out += w2.values[o * 32 + j] * w2.values[o * 32 + j];
    score[j] = std::sqrt(in) * std::sqrt(out);
  }
  const auto units = WeakestUnits(model.graph(), layer, 0.25);
  ASSERT_EQ(units.size(), 8u);
  double weakest_kept = INFINITY, strongest_removed = 0;
  for (int j = 0; j < 32; ++j) {
    if (std::find(units.begin(), units.end(), j) != units.end()) {
      strongest_removed = std::max(strongest_removed, score[j]);
    } else {
      weakest_kept = std::min(weakest_kept, score[j]);
    }
  }
  EXPECT_LE(strongest_removed, weakest_kept);
}

TEST(StructuredPruning, PrunesEveryLayerAndKeepsAtLeastOneUnit) {
  onnx::ModelProto model = testing::LoadExample("demo/ctr_mlp.onnx");
  const auto layers = PruneHiddenUnits(*model.mutable_graph(), 0.99);
  ASSERT_EQ(layers.size(), 2u);
  EXPECT_EQ(layers[0].removed_units.size(), 31u);
  EXPECT_EQ(layers[1].removed_units.size(), 15u);
  EXPECT_EQ(FindInitializer(model.graph(), "net.2.weight")->dims(0), 1);
  EXPECT_EQ(FindInitializer(model.graph(), "net.2.weight")->dims(1), 1);
  EXPECT_EQ(testing::RunFirstOutput(model, testing::DemoRows(4), {4, 12}).size(), 4u);
}

TEST(StructuredPruning, RefusesAGraphWithoutAReluChainNamingWhatFollows) {
  onnx::ModelProto model = testing::LoadExample("demo/ctr_mlp.onnx");
  for (auto& node : *model.mutable_graph()->mutable_node()) {
    if (node.op_type() == "Relu") node.set_op_type("Sigmoid");
  }
  try {
    FindHiddenLayers(model.graph());
    FAIL();
  } catch (const std::invalid_argument& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("Relu"), std::string::npos) << message;
    EXPECT_NE(message.find("Sigmoid"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace whyrec
