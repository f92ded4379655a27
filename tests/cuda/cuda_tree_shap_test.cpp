// CUDA TreeSHAP equals the CPU's on the committed XGBoost models and on random trees deeper
// than the 8-player tables. Runs only where a GPU is present.
#include "native/cuda/cuda_tree_shap.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/explain/trees/tree_shap.h"
#include "native/cuda/cuda_explanations.h"
#include "tests/cpp/tree_shap_cases.h"

namespace whyrec {
namespace {

#define SKIP_WITHOUT_GPU()                                                 \
  if (const std::string problem = CudaDeviceProblem(); !problem.empty()) { \
    GTEST_SKIP() << "no CUDA GPU present (" << problem << ")";             \
  }

void ExpectClose(double got, double expected, const std::string& what) {
  EXPECT_NEAR(got, expected, 1e-6 * std::max(1.0, std::abs(expected))) << what;
}

TEST(CudaTreeShap, EqualsCpuInBothModes) {
  SKIP_WITHOUT_GPU();
  for (const testing::TreeShapCase& c : testing::TreeShapCases()) {
    for (const TreeShapMode mode : {TreeShapMode::kPathDependent, TreeShapMode::kInterventional}) {
      const TreeShap shap(c.model, c.schema(), mode, c.weighted_background());
      const std::vector<Explanation> gpu =
          ExplainTreesOnCuda(shap, c.rows, 0, static_cast<int64_t>(c.rows.rows()));
      ASSERT_EQ(gpu.size(), static_cast<size_t>(c.rows.rows()));
      for (Eigen::Index r = 0; r < c.rows.rows(); ++r) {
        const Explanation cpu = shap.Explain(c.rows.row(r).transpose());
        const std::string what =
            c.name + " " + TreeShapModeName(mode) + " row " + std::to_string(r);
        ASSERT_EQ(gpu[r].values.rows(), cpu.values.rows()) << what;
        ASSERT_EQ(gpu[r].values.cols(), cpu.values.cols()) << what;
        for (Eigen::Index o = 0; o < cpu.values.rows(); ++o) {
          ExpectClose(gpu[r].model_output[o], cpu.model_output[o], what + " margin");
          ExpectClose(gpu[r].base_value[o], cpu.base_value[o], what + " base value");
          for (Eigen::Index g = 0; g < cpu.values.cols(); ++g) {
            ExpectClose(gpu[r].values(o, g), cpu.values(o, g), what);
          }
        }
      }
    }
  }
}

// More rows than one batch of the kernel.
TEST(CudaTreeShap, BatchesManyRows) {
  SKIP_WITHOUT_GPU();
  const testing::TreeShapCase c = testing::TreeShapCases()[0];  // ctr
  const TreeShap shap(c.model, c.schema(), TreeShapMode::kPathDependent, c.weighted_background());
  const int64_t n = 300001, players = c.schema().num_players();
  RowMatrixF rows(n, c.rows.cols());
  for (int64_t r = 0; r < n; ++r) rows.row(r) = c.rows.row(r % c.rows.rows());
  std::vector<double> values(n * players), margins(n);
  CudaTreeShap(shap.View()).Explain(rows.data(), n, values.data(), margins.data());
  for (const int64_t r : {int64_t{0}, int64_t{262143}, int64_t{262144}, n - 1}) {
    const Explanation cpu = shap.Explain(rows.row(r).transpose());
    ExpectClose(margins[r], cpu.model_output[0], "margin of row " + std::to_string(r));
    for (int64_t g = 0; g < players; ++g) {
      ExpectClose(values[r * players + g], cpu.values(0, g), "row " + std::to_string(r));
    }
  }
}

// A range of rows that does not start at row 0.
TEST(CudaTreeShap, ExplainsARangeOfRows) {
  SKIP_WITHOUT_GPU();
  const testing::TreeShapCase c = testing::TreeShapCases()[1];  // deep
  const TreeShap shap(c.model, c.schema(), TreeShapMode::kInterventional, c.weighted_background());
  const std::vector<Explanation> gpu = ExplainTreesOnCuda(shap, c.rows, 3, 9);
  ASSERT_EQ(gpu.size(), 6u);
  for (int64_t r = 3; r < 9; ++r) {
    const Explanation cpu = shap.Explain(c.rows.row(r).transpose());
    EXPECT_EQ(gpu[r - 3].settings, cpu.settings);
    for (Eigen::Index g = 0; g < cpu.values.cols(); ++g) {
      ExpectClose(gpu[r - 3].values(0, g), cpu.values(0, g), "row " + std::to_string(r));
    }
  }
  EXPECT_TRUE(ExplainTreesOnCuda(shap, c.rows, 4, 4).empty());
}

// Without a GPU, construction fails with a message rather than crashing.
TEST(CudaTreeShap, ExplainsWhyWithoutGpu) {
  if (CudaDeviceProblem().empty()) GTEST_SKIP() << "a CUDA GPU is present";
  const testing::TreeShapCase c = testing::TreeShapCases()[0];
  const TreeShap shap(c.model, c.schema(), TreeShapMode::kPathDependent, c.weighted_background());
  try {
    ExplainTreesOnCuda(shap, c.rows, 0, 1);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("no usable CUDA GPU"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace whyrec
