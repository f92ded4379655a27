#include "native/compress/tied_weights.h"

#include <gtest/gtest.h>

#include "native/compress/float_initializer.h"
#include "tests/cpp/compress/compress_fixtures.h"

namespace whyrec {
namespace {

TEST(TiedWeights, SasrecOutputLayerReadsTheItemEmbeddingWithTheSameScores) {
  const onnx::ModelProto original = testing::LoadExample("movielens/sasrec.onnx");
  onnx::ModelProto shared = original;
  const auto tied = ShareTiedWeights(shared);
  ASSERT_EQ(tied.size(), 1u);
  EXPECT_EQ(tied[0].weight, "onnx::MatMul_333");  // [64, 2000] = rows 1..2000 of the items'
  EXPECT_EQ(tied[0].table, "model.item.weight");
  EXPECT_EQ(tied[0].first_row, 1);
  EXPECT_EQ(FindInitializer(shared.graph(), "onnx::MatMul_333"), nullptr);
  EXPECT_LT(shared.ByteSizeLong() + 2000 * 64 * 4 * 99 / 100, original.ByteSizeLong());
  const auto histories = testing::Histories(4);
  EXPECT_EQ(testing::RunFirstOutput(shared, histories, {4, 50}),
            testing::RunFirstOutput(original, histories, {4, 50}));  // the same floats
}

TEST(TiedWeights, LeavesUntiedModelsAlone) {
  onnx::ModelProto model = testing::LoadExample("demo/ctr_mlp.onnx");
  const std::string before = model.SerializeAsString();
  EXPECT_TRUE(ShareTiedWeights(model).empty());
  EXPECT_EQ(model.SerializeAsString(), before);
}

}  // namespace
}  // namespace whyrec
