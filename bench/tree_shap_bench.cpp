// TreeSHAP on the reference XGBoost model (examples/trees/ctr_xgb.json: binary:logistic, 100
// trees of depth 6, 12 features), one thread, against the demo candidates and background; the
// scaling of the native runner over rows with 1 and 2 threads; and the fixed cost of deep models.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/explain/trees/tree_shap.h"
#include "core/models/xgboost_json.h"
#include "native/csv_table.h"
#include "native/parallel_rows.h"
#include "native/read_text.h"

namespace whyrec {
namespace {

const std::string kSource = WHYREC_SOURCE_DIR;

struct Reference {
  std::string text = Read(kSource + "/examples/trees/ctr_xgb.json");
  TreeEnsemble model = ParseXgboostJson(text, "ctr_xgb.json");
  CsvTable data =
      ReadNumericCsv(kSource + "/examples/demo/candidates.csv", {"user_id", "item_id", "label"});
  Background background =
      Background::Uniform(ReadNumericCsv(kSource + "/examples/demo/background.csv").values);
  Schema schema = Schema::FromNames(data.header);

  static std::string Read(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(file), {});
  }
};

Reference& TheReference() {
  static Reference reference;
  return reference;
}

// Explaining one row with a TreeShap built once (its tables amortized over many rows).
void ExplainRows(benchmark::State& state, TreeShapMode mode) {
  Reference& ref = TheReference();
  const TreeShap shap(ref.model, ref.schema, mode, ref.background);
  Eigen::Index r = 0;
  for (auto _ : state) {
    const Explanation e = shap.Explain(ref.data.values.row(r).transpose());
    benchmark::DoNotOptimize(e.values.data());
    r = (r + 1) % ref.data.values.rows();
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_TreeShapPathPerRow(benchmark::State& state) {
  ExplainRows(state, TreeShapMode::kPathDependent);
}
BENCHMARK(BM_TreeShapPathPerRow)->Unit(benchmark::kMicrosecond);

void BM_TreeShapInterventionalPerRow(benchmark::State& state) {
  ExplainRows(state, TreeShapMode::kInterventional);
}
BENCHMARK(BM_TreeShapInterventionalPerRow)->Unit(benchmark::kMicrosecond);

// SHAP interaction values (12 x 12 per row) with the values they complete.
void ExplainInteractions(benchmark::State& state, TreeShapMode mode) {
  Reference& ref = TheReference();
  const TreeShap shap(ref.model, ref.schema, mode, ref.background, /*interactions=*/true);
  Eigen::Index r = 0;
  for (auto _ : state) {
    const Eigen::VectorXf x = ref.data.values.row(r).transpose();
    const Explanation e = shap.Explain(x);
    benchmark::DoNotOptimize(shap.Interactions(x, e.values).data());
    r = (r + 1) % ref.data.values.rows();
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_TreeShapPathInteractionsPerRow(benchmark::State& state) {
  ExplainInteractions(state, TreeShapMode::kPathDependent);
}
BENCHMARK(BM_TreeShapPathInteractionsPerRow)->Unit(benchmark::kMicrosecond);

void BM_TreeShapInterventionalInteractionsPerRow(benchmark::State& state) {
  ExplainInteractions(state, TreeShapMode::kInterventional);
}
BENCHMARK(BM_TreeShapInterventionalInteractionsPerRow)->Unit(benchmark::kMicrosecond);

// Thread scaling of the CLI's runner, without its CSV reading and JSON writing: all 8,000
// candidates explained over `threads` threads (the argument) into one vector, as
// `whyrec explain --method tree --threads N` does. Wall-clock time, since threads share it.
void ParallelRowsScaling(benchmark::State& state, TreeShapMode mode, bool interactions) {
  Reference& ref = TheReference();
  const TreeShap shap(ref.model, ref.schema, mode, ref.background, interactions);
  const int64_t rows = ref.data.values.rows();
  std::vector<Explanation> explanations(rows);
  for (auto _ : state) {
    ParallelRows(
        0, rows, static_cast<int>(state.range(0)),
        [&](int64_t r) {
          const Eigen::VectorXf x = ref.data.values.row(r).transpose();
          explanations[r] = interactions ? shap.ExplainWithInteractions(x) : shap.Explain(x);
        },
        [] {});
    benchmark::DoNotOptimize(explanations.data());
  }
  state.SetItemsProcessed(state.iterations() * rows);
}

void BM_ThreadsPath(benchmark::State& state) {
  ParallelRowsScaling(state, TreeShapMode::kPathDependent, false);
}
BENCHMARK(BM_ThreadsPath)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_ThreadsInterventional(benchmark::State& state) {
  ParallelRowsScaling(state, TreeShapMode::kInterventional, false);
}
BENCHMARK(BM_ThreadsInterventional)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_ThreadsPathInteractions(benchmark::State& state) {
  ParallelRowsScaling(state, TreeShapMode::kPathDependent, true);
}
BENCHMARK(BM_ThreadsPathInteractions)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_ThreadsInterventionalInteractions(benchmark::State& state) {
  ParallelRowsScaling(state, TreeShapMode::kInterventional, true);
}
BENCHMARK(BM_ThreadsInterventionalInteractions)
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// The one-time cost: leaf paths and their tables (interventional: over 100 background rows).
void Setup(benchmark::State& state, TreeShapMode mode) {
  Reference& ref = TheReference();
  for (auto _ : state) {
    const TreeShap shap(ref.model, ref.schema, mode, ref.background);
    benchmark::DoNotOptimize(&shap);
  }
}

void BM_TreeShapPathSetup(benchmark::State& state) { Setup(state, TreeShapMode::kPathDependent); }
BENCHMARK(BM_TreeShapPathSetup)->Unit(benchmark::kMillisecond);

void BM_TreeShapInterventionalSetup(benchmark::State& state) {
  Setup(state, TreeShapMode::kInterventional);
}
BENCHMARK(BM_TreeShapInterventionalSetup)->Unit(benchmark::kMillisecond);

void BM_XgboostJsonParse(benchmark::State& state) {
  Reference& ref = TheReference();
  for (auto _ : state) {
    const TreeEnsemble model = ParseXgboostJson(ref.text, "ctr_xgb.json");
    benchmark::DoNotOptimize(&model);
  }
}
BENCHMARK(BM_XgboostJsonParse)->Unit(benchmark::kMillisecond);

// The fixed cost a CLI job pays before its first row on a large model: reading the file, parsing
// it and TreeSHAP's setup (path mode), on the deep models of bench/make_tree_models.py (in
// build/bench/trees: deep_d12 2.6 MB, 49,032 nodes; deep_d14 2.2 MB, 40,844 nodes).
void FixedCost(benchmark::State& state, const std::string& job) {
  const std::string path = kSource + "/build/bench/trees/" + job + ".json";
  if (!std::ifstream(path)) {
    state.SkipWithError("no build/bench/trees: run /usr/bin/python3 bench/make_tree_models.py");
    return;
  }
  for (auto _ : state) {
    const TreeEnsemble model = ParseXgboostJson(ReadText(path), job);
    const Background unused = Background::Uniform(RowMatrixF::Zero(1, model.input_width()));
    const TreeShap shap(model, Schema::FromNames(model.feature_names()),
                        TreeShapMode::kPathDependent, unused);
    benchmark::DoNotOptimize(&shap);
  }
}
BENCHMARK_CAPTURE(FixedCost, deep_d12, std::string("deep_d12"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(FixedCost, deep_d14, std::string("deep_d14"))->Unit(benchmark::kMillisecond);

// Compute only, per row, on the deep models (their trees run LinearTreeShap): rows one at a time
// (Explain) against blocks of rows in one walk (ExplainRows, as the CLI runs them).
void DeepPerRow(benchmark::State& state, const std::string& job, bool blocks) {
  const std::string path = kSource + "/build/bench/trees/" + job;
  if (!std::ifstream(path + ".json")) {
    state.SkipWithError("no build/bench/trees: run /usr/bin/python3 bench/make_tree_models.py");
    return;
  }
  const TreeEnsemble model = ParseXgboostJson(ReadText(path + ".json"), job);
  const CsvTable data = ReadNumericCsv(path + ".csv");
  const Background unused = Background::Uniform(RowMatrixF::Zero(1, model.input_width()));
  const TreeShap shap(model, Schema::FromNames(model.feature_names()), TreeShapMode::kPathDependent,
                      unused);
  const Eigen::Index rows = std::min<Eigen::Index>(64, data.values.rows());
  for (auto _ : state) {
    if (blocks) {
      const std::vector<Explanation> e =
          shap.ExplainRows(ConstMatrixView(data.values.data(), rows, data.values.cols()));
      benchmark::DoNotOptimize(e.data());
    } else {
      for (Eigen::Index r = 0; r < rows; ++r) {
        const Explanation e = shap.Explain(data.values.row(r).transpose());
        benchmark::DoNotOptimize(e.values.data());
      }
    }
  }
  state.SetItemsProcessed(state.iterations() * rows);
}
BENCHMARK_CAPTURE(DeepPerRow, deep_d12_rows, std::string("deep_d12"), false)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(DeepPerRow, deep_d12_blocks, std::string("deep_d12"), true)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(DeepPerRow, deep_d14_rows, std::string("deep_d14"), false)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(DeepPerRow, deep_d14_blocks, std::string("deep_d14"), true)
    ->Unit(benchmark::kMillisecond);

void BM_XgboostPredictPerRow(benchmark::State& state) {
  Reference& ref = TheReference();
  Eigen::Index r = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ref.model.Margin(ref.data.values.row(r).data()).data());
    r = (r + 1) % ref.data.values.rows();
  }
}
BENCHMARK(BM_XgboostPredictPerRow)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace whyrec

BENCHMARK_MAIN();
