// TreeSHAP on a CUDA GPU: rows per second on the reference model (examples/trees/ctr_xgb.json)
// over many rows made by cycling the demo candidates, printed as markdown table rows for
// bench/README.md. Usage: tree_shap_cuda_bench [rows (default 1,000,000)].
// Reads the CSVs itself: on a GPU machine this builds without the native dependencies.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/explain/trees/tree_shap.h"
#include "core/models/xgboost_json.h"
#include "native/cuda/cuda_tree_shap.h"

namespace whyrec {
namespace {

const std::string kSource = WHYREC_SOURCE_DIR;

std::string Read(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot open " + path);
  return std::string(std::istreambuf_iterator<char>(file), {});
}

// A numeric CSV with a header, without the columns named in `drop`.
RowMatrixF ReadRows(const std::string& path, const std::vector<std::string>& drop) {
  std::istringstream text(Read(path));
  std::string line, cell;
  std::getline(text, line);
  std::vector<bool> keep;
  for (std::istringstream header(line); std::getline(header, cell, ',');) {
    keep.push_back(std::find(drop.begin(), drop.end(), cell) == drop.end());
  }
  std::vector<float> values;
  int64_t rows = 0;
  while (std::getline(text, line)) {
    int c = 0;
    for (std::istringstream cells(line); std::getline(cells, cell, ','); ++c) {
      if (keep[c]) values.push_back(std::stof(cell));
    }
    ++rows;
  }
  const int64_t width = static_cast<int64_t>(values.size()) / std::max<int64_t>(rows, 1);
  return Eigen::Map<RowMatrixF>(values.data(), rows, width);
}

void Run(int64_t n) {
  const TreeEnsemble model =
      ParseXgboostJson(Read(kSource + "/examples/trees/ctr_xgb.json"), "ctr_xgb.json");
  const RowMatrixF candidates =
      ReadRows(kSource + "/examples/demo/candidates.csv", {"user_id", "item_id", "label"});
  const Background background =
      Background::Uniform(ReadRows(kSource + "/examples/demo/background.csv", {}));
  const Schema schema = Schema::FromNames(model.feature_names());
  RowMatrixF rows(n, candidates.cols());
  for (int64_t r = 0; r < n; ++r) rows.row(r) = candidates.row(r % candidates.rows());
  std::printf(
      "| values | rows | end to end (copies incl.) | rows/s | kernel only, rows/s | "
      "max abs difference to the CPU (1,000 rows) |\n| --- | --- | --- | --- | --- | "
      "--- |\n");
  for (const TreeShapMode mode : {TreeShapMode::kPathDependent, TreeShapMode::kInterventional}) {
    const TreeShap shap(model, schema, mode, background);
    const CudaTreeShap gpu(shap.View());
    const int64_t stride = model.num_outputs() * schema.num_players();
    std::vector<double> values(n * stride), margins(n * model.num_outputs());
    gpu.Explain(rows.data(), std::min<int64_t>(n, 10000), values.data(), margins.data());
    const auto start = std::chrono::steady_clock::now();
    gpu.Explain(rows.data(), n, values.data(), margins.data());
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double difference = 0;
    for (int64_t r = 0; r < n; r += std::max<int64_t>(1, n / 1000)) {
      const Explanation cpu = shap.Explain(rows.row(r).transpose());
      for (int g = 0; g < schema.num_players(); ++g) {
        difference = std::max(difference, std::abs(cpu.values(0, g) - values[r * stride + g]));
      }
    }
    std::printf("| %s | %lld | %.3f s | %.3g | %.3g | %.1e |\n",
                mode == TreeShapMode::kPathDependent ? "path-dependent"
                                                     : "interventional, 100 background rows",
                static_cast<long long>(n), seconds, n / seconds, n / gpu.last_kernel_seconds(),
                difference);
  }
}

}  // namespace
}  // namespace whyrec

int main(int argc, char** argv) {
  try {
    const std::string problem = whyrec::CudaDeviceProblem();
    if (!problem.empty()) {
      std::fprintf(stderr, "tree_shap_cuda_bench: no CUDA GPU present (%s)\n", problem.c_str());
      return 2;
    }
    whyrec::Run(argc > 1 ? std::stoll(argv[1]) : 1000000);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tree_shap_cuda_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
