// LIME, Anchors and permutation importance with the demo MLP (ONNX Runtime, native): the time
// of one LIME explanation (5000 samples), of one anchor search with the model evaluations it
// spends per rule, and of permutation importance over 5000 rows x 12 features x 5 repeats.
#include <benchmark/benchmark.h>

#include <string>

#include "core/explain/drive.h"
#include "core/explain/local/anchors.h"
#include "core/explain/local/lime.h"
#include "core/global/permutation_importance.h"
#include "core/global/row_job.h"
#include "native/csv_table.h"
#include "native/onnx_model.h"

namespace whyrec {
namespace {

const std::string kDemo = std::string(WHYREC_SOURCE_DIR) + "/examples/demo/";

struct Demo {
  CsvTable background = ReadNumericCsv(kDemo + "background.csv");
  CsvTable data = ReadNumericCsv(kDemo + "candidates.csv", {"user_id", "item_id", "label"});
  OnnxModel model{kDemo + "ctr_mlp.onnx"};
  int prob = FindOutput(model, "prob");
  Evaluate evaluate = [this](ConstMatrixView rows) { return model.Predict(rows, prob); };
};

Demo& TheDemo() {
  static Demo demo;
  return demo;
}

void BM_LimeWithOnnxMlp(benchmark::State& state) {
  Demo& demo = TheDemo();
  const Schema schema = Schema::FromNames(demo.data.header);
  const Background background = Background::Uniform(demo.background.values);
  int64_t row = 0;
  for (auto _ : state) {
    LimeOptions options;
    options.seed = static_cast<uint64_t>(row);
    Lime job(schema, demo.data.values.row(row++ % 1000).transpose(), background, options);
    benchmark::DoNotOptimize(Drive(job, demo.evaluate).values.data());
  }
}
BENCHMARK(BM_LimeWithOnnxMlp)->Unit(benchmark::kMillisecond);

// One anchor search per iteration, over the first 100 rows of the demo in turn.
void BM_AnchorsWithOnnxMlp(benchmark::State& state) {
  Demo& demo = TheDemo();
  const Schema schema = Schema::FromNames(demo.data.header);
  const Background background = Background::Uniform(demo.background.values);
  int64_t row = 0, evaluations = 0, found = 0;
  for (auto _ : state) {
    AnchorsOptions options;
    options.seed = static_cast<uint64_t>(row);
    Anchors job(schema, demo.data.values.row(row++ % 100).transpose(), background, options);
    const Explanation e = Drive(job, demo.evaluate);
    evaluations += e.evaluations;
    found += e.extra["anchor_found"].get<bool>();
  }
  state.counters["evaluations_per_rule"] =
      benchmark::Counter(static_cast<double>(evaluations) / static_cast<double>(row));
  state.counters["rules_found"] =
      benchmark::Counter(static_cast<double>(found) / static_cast<double>(row));
}
BENCHMARK(BM_AnchorsWithOnnxMlp)->Unit(benchmark::kMillisecond)->Iterations(100);

void BM_PermutationImportance5000x12x5(benchmark::State& state) {
  Demo& demo = TheDemo();
  const Schema schema = Schema::FromNames(demo.data.header);
  const RowMatrixF rows = demo.data.values.topRows(5000);
  for (auto _ : state) {
    PermutationImportance job(schema, rows, std::nullopt, {});
    benchmark::DoNotOptimize(RunRowJob(job, demo.evaluate).importance.data());
  }
  state.counters["model_rows"] = benchmark::Counter(5000.0 * (1 + 12 * 5));
}
BENCHMARK(BM_PermutationImportance5000x12x5)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace whyrec

BENCHMARK_MAIN();
