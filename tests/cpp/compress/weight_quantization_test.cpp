#include "native/compress/weight_quantization.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <map>
#include <random>

#include "native/compress/dense_weights.h"
#include "native/compress/float_initializer.h"
#include "tests/cpp/compress/compress_fixtures.h"

namespace whyrec {
namespace {

TEST(WeightQuantization, ErrorIsAtMostHalfTheScaleAndZerosStayZero) {
  std::mt19937 rng(5);
  std::normal_distribution<float> normal;
  const std::vector<int64_t> shape = {7, 9};
  std::vector<float> w(63);
  for (float& v : w) v = normal(rng) * 3;
  w[10] = 0;
  for (int64_t c = 0; c < 9; ++c) w[2 * 9 + c] = 0;  // row 2 all zero
  for (const int axis : {-1, 0, 1}) {
    const Int8Codes codes = QuantizeInt8(w, shape, axis);
    ASSERT_EQ(codes.scales.size(), axis < 0 ? 1u : static_cast<size_t>(shape[axis]));
    std::vector<int> max_code(codes.scales.size(), 0);
    for (size_t i = 0; i < w.size(); ++i) {
      const size_t c = axis < 0 ? 0 : (axis == 0 ? i / 9 : i % 9);
      const float scale = codes.scales[c];
      EXPECT_LE(std::fabs(w[i] - codes.values[i] * scale), scale / 2 * (1 + 1e-6)) << i;
      if (w[i] == 0) EXPECT_EQ(codes.values[i], 0);
      max_code[c] = std::max(max_code[c], std::abs(int{codes.values[i]}));
    }
    for (size_t c = 0; c < max_code.size(); ++c) {
      // The largest magnitude of each slice maps to ±127 (the all-zero row to 0).
      EXPECT_EQ(max_code[c], axis == 0 && c == 2 ? 0 : 127) << axis << " " << c;
    }
  }
}

TEST(WeightQuantization, RejectsNonFiniteWeights) {
  EXPECT_THROW(QuantizeInt8({1, NAN}, {1, 2}, 0), std::invalid_argument);
  EXPECT_THROW(QuantizeInt8({1, INFINITY}, {1, 2}, 1), std::invalid_argument);
}

// The quantized model computes exactly what the original computes with each weight replaced by
// its dequantized value q * scale (DequantizeLinear wired in place of the float initializer).
TEST(WeightQuantization, DemoModelEqualsTheOriginalWithDequantizedWeights) {
  const onnx::ModelProto original = testing::LoadExample("demo/ctr_mlp.onnx");
  onnx::ModelProto quantized = original;
  const auto tensors = QuantizeWeightsInt8(quantized, "ctr_mlp.onnx");
  ASSERT_EQ(tensors.size(), 3u);
  onnx::ModelProto substituted = original;
  for (const QuantizedTensor& t : tensors) {
    EXPECT_EQ(t.axis, 0);  // Gemm transB=1: one scale per output unit
    const auto* codes = FindInitializer(quantized.graph(), t.name + "_quantized");
    const auto scales = ReadFloatTensor(*FindInitializer(quantized.graph(), t.name + "_scale"));
    ASSERT_NE(codes, nullptr);
    ASSERT_EQ(codes->data_type(), onnx::TensorProto::INT8);
    EXPECT_EQ(FindInitializer(quantized.graph(), t.name), nullptr);
    auto weights = ReadFloatTensor(*FindInitializer(original.graph(), t.name));
    const int64_t cols = weights.Cols();
    for (size_t i = 0; i < weights.values.size(); ++i) {
      const float scale = scales.values[i / cols];
      const float dequantized = static_cast<int8_t>(codes->raw_data()[i]) * scale;
      EXPECT_LE(std::fabs(weights.values[i] - dequantized), scale / 2 * (1 + 1e-6));
      weights.values[i] = dequantized;
    }
    WriteFloatTensor(weights, *FindInitializer(*substituted.mutable_graph(), t.name));
  }
  const auto rows = testing::DemoRows(256);
  const auto expected = testing::RunFirstOutput(substituted, rows, {256, 12});
  const auto got = testing::RunFirstOutput(quantized, rows, {256, 12});
  const auto before = testing::RunFirstOutput(original, rows, {256, 12});
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_NEAR(got[i], expected[i], 1e-5 * (1 + std::fabs(expected[i])));
    EXPECT_NEAR(got[i], before[i], 0.1);  // and close to the fp32 model
  }
}

TEST(WeightQuantization, SasrecKeepsInputsOutputsAndMetadataAndQuantizesTheEmbedding) {
  const onnx::ModelProto original = testing::LoadExample("movielens/sasrec.onnx");
  onnx::ModelProto quantized = original;
  const auto tensors = QuantizeWeightsInt8(quantized, "sasrec.onnx");
  std::map<std::string, int> ops;
  for (const auto& t : tensors) ++ops[t.op_type];
  EXPECT_EQ(ops["MatMul"], 13);  // 12 projections + the output embedding
  EXPECT_EQ(ops["Gather"], 1);   // the item embedding
  EXPECT_EQ(quantized.graph().input_size(), original.graph().input_size());
  ASSERT_EQ(quantized.graph().output_size(), original.graph().output_size());
  for (int i = 0; i < original.graph().output_size(); ++i) {
    EXPECT_EQ(quantized.graph().output(i).SerializeAsString(),
              original.graph().output(i).SerializeAsString());
  }
  ASSERT_EQ(quantized.metadata_props_size(), original.metadata_props_size());
  for (int i = 0; i < original.metadata_props_size(); ++i) {
    EXPECT_EQ(quantized.metadata_props(i).key(), original.metadata_props(i).key());
    EXPECT_EQ(quantized.metadata_props(i).value(), original.metadata_props(i).value());
  }
  const auto histories = testing::Histories(4);
  const auto got = testing::RunFirstOutput(quantized, histories, {4, 50});
  const auto before = testing::RunFirstOutput(original, histories, {4, 50});
  ASSERT_EQ(got.size(), 4u * 2001);
  for (size_t i = 0; i < got.size(); ++i) {
    if (i % 2001 == 0) continue;  // the padding column's -1e9
    EXPECT_NEAR(got[i], before[i], 0.5) << i;
  }
}

TEST(WeightQuantization, RefusesOpsetsWithoutDequantizeLinear) {
  onnx::ModelProto model = testing::LoadExample("demo/ctr_mlp.onnx");
  model.mutable_opset_import(0)->set_version(9);
  try {
    QuantizeWeightsInt8(model, "old.onnx");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("opset 9"), std::string::npos) << e.what();
  }
}

TEST(OnnxModelFile, RejectsBytesThatAreNotOnnx) {
  try {
    ParseOnnxModel("user_id,label\nu1,0\n", "candidates.csv");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).rfind("candidates.csv: not an ONNX model", 0), 0u) << e.what();
  }
  EXPECT_THROW(ParseOnnxModel("", "empty.onnx"), std::invalid_argument);
}

}  // namespace
}  // namespace whyrec
