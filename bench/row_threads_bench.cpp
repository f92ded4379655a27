// Explaining rows of the demo MLP (ONNX Runtime, one intra-op thread) on 1 and 2 threads, with
// one session shared by the threads or one session per thread: how well model-agnostic methods
// scale over rows, and which way of holding sessions `whyrec explain` should take. Each thread
// takes a contiguous share of the rows with its own RowExplainer.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "native/csv_table.h"
#include "native/onnx_model.h"
#include "native/row_explainer.h"

namespace whyrec {
namespace {

const std::string kDemo = std::string(WHYREC_SOURCE_DIR) + "/examples/demo/";
constexpr int kRows = 8;

struct Demo {
  CsvTable data = ReadNumericCsv(kDemo + "candidates.csv", {"user_id", "item_id", "label"});
  Background background = Background::Uniform(ReadNumericCsv(kDemo + "background.csv").values);
  Schema schema = Schema::FromNames(data.header);
};

Demo& TheDemo() {
  static Demo demo;
  return demo;
}

// Arguments: threads, sessions (1: shared, else one per thread), method (0 exact, 1 kernel).
void BM_ExplainRows(benchmark::State& state) {
  Demo& demo = TheDemo();
  const int threads = static_cast<int>(state.range(0));
  const bool shared = state.range(1) == 1;
  RowMethod method;
  method.method = state.range(2) == 0 ? "exact" : "kernel";
  method.settings = {{"seed", 1}};
  std::vector<std::unique_ptr<OnnxModel>> models;
  for (int t = 0; t < (shared ? 1 : threads); ++t) {
    models.push_back(std::make_unique<OnnxModel>(kDemo + "ctr_mlp.onnx", 1));
  }
  std::vector<std::unique_ptr<RowExplainer>> explainers;
  for (int t = 0; t < threads; ++t) {
    explainers.push_back(std::make_unique<RowExplainer>(*models[shared ? 0 : t], demo.schema,
                                                        demo.background, method));
  }
  for (auto _ : state) {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        for (int r = t * kRows / threads; r < (t + 1) * kRows / threads; ++r) {
          benchmark::DoNotOptimize(explainers[t]->Explain(demo.data.values.row(r).transpose()));
        }
      });
    }
    for (auto& thread : pool) thread.join();
  }
  state.counters["rows_per_s"] =
      benchmark::Counter(kRows, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_ExplainRows)
    ->ArgNames({"threads", "shared", "kernel"})
    ->ArgsProduct({{1, 2}, {1, 0}, {0, 1}})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace whyrec

BENCHMARK_MAIN();
