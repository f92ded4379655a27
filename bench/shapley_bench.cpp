// Where the time of Shapley estimation goes: the core's own work (choosing coalitions, building
// batches, accumulating, solving) against evaluating the demo MLP with ONNX Runtime on the same
// rows, for exact Shapley (2^12 coalitions) and Kernel SHAP (2048 coalitions).
#include <benchmark/benchmark.h>

#include <string>

#include "core/explain/drive.h"
#include "core/explain/exact_shapley.h"
#include "core/explain/explainer_factory.h"
#include "native/csv_table.h"
#include "native/onnx_model.h"

namespace whyrec {
namespace {

const std::string kDemo = std::string(WHYREC_SOURCE_DIR) + "/examples/demo/";

struct Demo {
  CsvTable background = ReadNumericCsv(kDemo + "background.csv");
  CsvTable data = ReadNumericCsv(kDemo + "candidates.csv", {"user_id", "item_id", "label"});
  OnnxModel model{kDemo + "ctr_mlp.onnx"};
};

Demo& TheDemo() {
  static Demo demo;
  return demo;
}

// Exact Shapley with a model that costs nothing: the core's own time per explained row.
void BM_ExactCoreOnly(benchmark::State& state) {
  Demo& demo = TheDemo();
  const Schema schema = Schema::FromNames(demo.data.header);
  const Background background = Background::Uniform(demo.background.values);
  const Eigen::VectorXf x = demo.data.values.row(0).transpose();
  for (auto _ : state) {
    ExactShapley job(schema, x, background);
    const Explanation e = Drive(job, [](ConstMatrixView rows) {
      return RowMatrixF(RowMatrixF::Constant(rows.rows(), 1, rows(0, 0)));
    });
    benchmark::DoNotOptimize(e.values.data());
  }
  state.counters["model_rows"] =
      benchmark::Counter(4096.0 * background.size(), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_ExactCoreOnly)->Unit(benchmark::kMillisecond);

// The demo MLP alone on the 409,600 rows of one exact explanation, in the same batches.
void BM_OnnxMlpOnly(benchmark::State& state) {
  Demo& demo = TheDemo();
  const Background background = Background::Uniform(demo.background.values);
  ExactShapley job(Schema::FromNames(demo.data.header), demo.data.values.row(0).transpose(),
                   background);
  std::vector<RowBatch> batches;
  for (RowBatch rows = job.next(); rows.rows() > 0; rows = job.next()) {
    const RowMatrixF zeros = RowMatrixF::Zero(rows.rows(), 1);
    job.tell(ConstMatrixView(zeros.data(), zeros.rows(), 1));
    batches.push_back(std::move(rows));
  }
  const int prob = FindOutput(demo.model, "prob");
  for (auto _ : state) {
    for (const auto& rows : batches) {
      benchmark::DoNotOptimize(
          demo.model.Predict(ConstMatrixView(rows.data(), rows.rows(), rows.cols()), prob).data());
    }
  }
}
BENCHMARK(BM_OnnxMlpOnly)->Unit(benchmark::kMillisecond);

// The whole explanation of one row of the demo with the demo MLP.
void BM_ExactWithOnnxMlp(benchmark::State& state) {
  Demo& demo = TheDemo();
  const Schema schema = Schema::FromNames(demo.data.header);
  const Background background = Background::Uniform(demo.background.values);
  const Eigen::VectorXf x = demo.data.values.row(0).transpose();
  const int prob = FindOutput(demo.model, "prob");
  for (auto _ : state) {
    ExactShapley job(schema, x, background);
    const Explanation e =
        Drive(job, [&](ConstMatrixView rows) { return demo.model.Predict(rows, prob); });
    benchmark::DoNotOptimize(e.values.data());
  }
}
BENCHMARK(BM_ExactWithOnnxMlp)->Unit(benchmark::kMillisecond);

nlohmann::ordered_json KernelSettings(int64_t budget) {
  return {{"budget", budget}, {"seed", 1}, {"sampling", "leverage"}};
}

// Kernel SHAP with a model that costs nothing: sampling, batch building, regression and errors.
void BM_KernelCoreOnly(benchmark::State& state) {
  Demo& demo = TheDemo();
  const Schema schema = Schema::FromNames(demo.data.header);
  const Background background = Background::Uniform(demo.background.values);
  const Eigen::VectorXf x = demo.data.values.row(0).transpose();
  for (auto _ : state) {
    auto job = MakeExplainer("kernel", KernelSettings(state.range(0)), schema, x, background);
    const Explanation e = Drive(*job, [](ConstMatrixView rows) {
      return RowMatrixF(rows.col(0).cwiseProduct(rows.col(1)));
    });
    benchmark::DoNotOptimize(e.values.data());
  }
}
BENCHMARK(BM_KernelCoreOnly)->Arg(512)->Arg(2048)->Unit(benchmark::kMillisecond);

// The whole Kernel SHAP explanation of one demo row with the demo MLP.
void BM_KernelWithOnnxMlp(benchmark::State& state) {
  Demo& demo = TheDemo();
  const Schema schema = Schema::FromNames(demo.data.header);
  const Background background = Background::Uniform(demo.background.values);
  const Eigen::VectorXf x = demo.data.values.row(0).transpose();
  const int prob = FindOutput(demo.model, "prob");
  for (auto _ : state) {
    auto job = MakeExplainer("kernel", KernelSettings(state.range(0)), schema, x, background);
    const Explanation e =
        Drive(*job, [&](ConstMatrixView rows) { return demo.model.Predict(rows, prob); });
    benchmark::DoNotOptimize(e.values.data());
  }
}
BENCHMARK(BM_KernelWithOnnxMlp)->Arg(512)->Arg(2048)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace whyrec

BENCHMARK_MAIN();
