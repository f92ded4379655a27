// A distilled GA2M's exact Shapley values, natively, on the demo's models (the recipe's 66 pairs
// and the search's pick, 10 pairs) against the demo's 100 background rows: the closed form with
// the background's sums shared by all rows (what `whyrec explain` runs), the time to make those
// sums, a call that explains one row (its sums made for that row's bins only), and, in the same
// run, the model-agnostic "additive" method the CLI ran before (2 + G + G(G-1)/2 coalitions x 100
// background rows of model evaluations per row).
#include <benchmark/benchmark.h>

#include <string>

#include "core/explain/drive.h"
#include "core/explain/shapley/distilled_shapley.h"
#include "core/explain/shapley/pairwise_shapley.h"
#include "native/csv_table.h"
#include "native/read_text.h"

namespace whyrec {
namespace {

const std::string kDemo = std::string(WHYREC_SOURCE_DIR) + "/examples/demo/";
const char* const kModels[] = {"ctr_mlp_distilled.json", "ctr_mlp_picked.json"};

struct Demo {
  CsvTable data = ReadNumericCsv(kDemo + "candidates.csv", {"user_id", "item_id", "label"});
  Background background = Background::Uniform(ReadNumericCsv(kDemo + "background.csv").values);
};

const Demo& TheDemo() {
  static const Demo demo;
  return demo;
}

DistilledModel Model(const benchmark::State& state) {
  const std::string file = kModels[state.range(0)];
  return DistilledModel::FromJson(ReadText(kDemo + file), file);
}

// One row per iteration, the demo's 8,000 candidates in turn.
void BM_DistilledShapleyRow(benchmark::State& state) {
  const Demo& demo = TheDemo();
  const DistilledModel model = Model(state);
  const DistilledShapley shapley(model, demo.background);
  const Schema schema = Schema::FromNames(demo.data.header);
  int64_t row = 0;
  for (auto _ : state) {
    const float* x = demo.data.values.row(row++ % demo.data.values.rows()).data();
    benchmark::DoNotOptimize(DistilledExplanation(shapley, schema, x).values.data());
  }
  state.SetLabel(kModels[state.range(0)]);
}
BENCHMARK(BM_DistilledShapleyRow)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_DistilledShapleySums(benchmark::State& state) {
  const Demo& demo = TheDemo();
  const DistilledModel model = Model(state);
  for (auto _ : state) benchmark::DoNotOptimize(DistilledShapley(model, demo.background));
  state.SetLabel(kModels[state.range(0)]);
}
BENCHMARK(BM_DistilledShapleySums)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// A call that explains one row (as the JS API's single-instance calls do): the sums made for the
// bins that row falls in, then its values.
void BM_DistilledShapleyOneRowCall(benchmark::State& state) {
  const Demo& demo = TheDemo();
  const DistilledModel model = Model(state);
  const Schema schema = Schema::FromNames(demo.data.header);
  int64_t row = 0;
  for (auto _ : state) {
    const RowMatrixF one = demo.data.values.row(row++ % demo.data.values.rows());
    const DistilledShapley shapley(model, demo.background, &one);
    benchmark::DoNotOptimize(DistilledExplanation(shapley, schema, one.data()).values.data());
  }
  state.SetLabel(kModels[state.range(0)]);
}
BENCHMARK(BM_DistilledShapleyOneRowCall)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_PairwiseShapleyRow(benchmark::State& state) {
  const Demo& demo = TheDemo();
  DistilledModel model = Model(state);
  const Schema schema = Schema::FromNames(demo.data.header);
  const Evaluate evaluate = [&](ConstMatrixView rows) { return model.Predict(rows, 0); };
  int64_t row = 0;
  for (auto _ : state) {
    PairwiseShapley job(schema, demo.data.values.row(row++ % 1000).transpose(), demo.background);
    benchmark::DoNotOptimize(Drive(job, evaluate).values.data());
  }
  state.SetLabel(kModels[state.range(0)]);
}
BENCHMARK(BM_PairwiseShapleyRow)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace whyrec

BENCHMARK_MAIN();
