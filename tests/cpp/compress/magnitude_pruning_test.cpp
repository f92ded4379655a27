#include "native/compress/magnitude_pruning.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "native/compress/float_initializer.h"
#include "tests/cpp/compress/compress_fixtures.h"

namespace whyrec {
namespace {

TEST(MagnitudePruning, ZeroesExactlyTheFractionOfSmallestMagnitudes) {
  std::mt19937 rng(3);
  std::normal_distribution<float> normal;
  std::vector<float> original(1001);
  for (float& v : original) v = normal(rng);
  for (const double fraction : {0.0, 0.1, 0.5, 0.9, 0.999}) {
    std::vector<float> values = original;
    PruneSmallestMagnitudes(values, fraction);
    EXPECT_EQ(CountZeros(values), std::llround(fraction * values.size())) << fraction;
    float largest_zeroed = 0, smallest_kept = INFINITY;
    for (size_t i = 0; i < values.size(); ++i) {
      if (values[i] == 0) {
        largest_zeroed = std::max(largest_zeroed, std::fabs(original[i]));
      } else {
        EXPECT_EQ(values[i], original[i]);
        smallest_kept = std::min(smallest_kept, std::fabs(original[i]));
      }
    }
    EXPECT_LE(largest_zeroed, smallest_kept) << fraction;
  }
}

TEST(MagnitudePruning, TiesGoToTheLowerIndex) {
  std::vector<float> values = {1, -1, 1, -1, 2};
  PruneSmallestMagnitudes(values, 0.4);
  EXPECT_EQ(values, (std::vector<float>{0, 0, 1, -1, 2}));
}

TEST(MagnitudePruning, RejectsFractionsOutsideZeroToOne) {
  std::vector<float> values = {1, 2};
  for (const double bad : {-0.1, 1.0, 2.0, std::nan("")}) {
    try {
      PruneSmallestMagnitudes(values, bad);
      FAIL() << bad;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("[0, 1)"), std::string::npos) << e.what();
    }
  }
}

TEST(MagnitudePruning, PrunesEachDemoWeightTensorByTheFraction) {
  onnx::ModelProto model = testing::LoadExample("demo/ctr_mlp.onnx");
  const auto pruned = PruneDenseWeights(*model.mutable_graph(), 0.6);
  ASSERT_EQ(pruned.size(), 3u);  // the three Gemm weights; not the normalization's vectors
  for (const PrunedTensor& t : pruned) {
    const auto data = ReadFloatTensor(*FindInitializer(model.graph(), t.name));
    EXPECT_EQ(CountZeros(data.values), std::llround(0.6 * data.values.size())) << t.name;
    EXPECT_EQ(t.zeros_after, CountZeros(data.values));
    EXPECT_EQ(t.zeros_before, 0);
  }
  EXPECT_EQ(CountZeros(ReadFloatTensor(*FindInitializer(model.graph(), "net.0.bias")).values), 0);
}

}  // namespace
}  // namespace whyrec
