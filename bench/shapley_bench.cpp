// Where the time of Shapley estimation goes: the core's own work (choosing coalitions, building
// batches, accumulating, solving) against evaluating the demo MLP with ONNX Runtime on the same
// rows, for exact Shapley (2^12 coalitions) and Kernel SHAP (2048 coalitions); and the same
// Kernel SHAP against a ranker-sized MLP, where the model's share is what a real recommender pays.
#include <benchmark/benchmark.h>

#include <chrono>
#include <random>
#include <string>

#include "core/explain/drive.h"
#include "core/explain/explainer_factory.h"
#include "core/explain/shapley/exact_shapley.h"
#include "native/csv_table.h"
#include "native/onnx_model.h"

namespace whyrec {
namespace {

const std::string kDemo = std::string(WHYREC_SOURCE_DIR) + "/examples/demo/";

struct Demo {
  CsvTable background = ReadNumericCsv(kDemo + "background.csv");
  CsvTable data = ReadNumericCsv(kDemo + "candidates.csv", {"user_id", "item_id", "label"});
};

// Opened only by the benchmarks that use it: ONNX Runtime's idle thread pool would otherwise
// compete with the others for the cores.
OnnxModel& TheDemoModel() {
  static OnnxModel model(kDemo + "ctr_mlp.onnx");
  return model;
}

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
  const int prob = FindOutput(TheDemoModel(), "prob");
  for (auto _ : state) {
    for (const auto& rows : batches) {
      benchmark::DoNotOptimize(
          TheDemoModel()
              .Predict(ConstMatrixView(rows.data(), rows.rows(), rows.cols()), prob)
              .data());
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
  const int prob = FindOutput(TheDemoModel(), "prob");
  for (auto _ : state) {
    ExactShapley job(schema, x, background);
    const Explanation e =
        Drive(job, [&](ConstMatrixView rows) { return TheDemoModel().Predict(rows, prob); });
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
  const int prob = FindOutput(TheDemoModel(), "prob");
  for (auto _ : state) {
    auto job = MakeExplainer("kernel", KernelSettings(state.range(0)), schema, x, background);
    const Explanation e =
        Drive(*job, [&](ConstMatrixView rows) { return TheDemoModel().Predict(rows, prob); });
    benchmark::DoNotOptimize(e.values.data());
  }
}
BENCHMARK(BM_KernelWithOnnxMlp)->Arg(512)->Arg(2048)->Unit(benchmark::kMillisecond);

// A ranker-sized tower, 12 -> 256 -> 128 -> 1 (ReLU, sigmoid), with fixed random weights,
// evaluated with Eigen on one thread: about 35 k multiply-adds per row, where the demo MLP has
// 1 k.
class WideMlp {
 public:
  WideMlp() {
    std::mt19937 rng(5);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    auto fill = [&](Eigen::MatrixXf* m, float scale) {
      for (Eigen::Index i = 0; i < m->size(); ++i) m->data()[i] = scale * normal(rng);
    };
    fill(&w1_, 0.3f);
    fill(&w2_, 0.06f);
    fill(&w3_, 0.1f);
  }
  RowMatrixF operator()(ConstMatrixView rows) const {
    const Eigen::MatrixXf h1 = (rows * w1_).cwiseMax(0.0f);
    const Eigen::MatrixXf h2 = (h1 * w2_).cwiseMax(0.0f);
    return RowMatrixF((1.0f / (1.0f + (-(h2 * w3_).array()).exp())).matrix());
  }

 private:
  Eigen::MatrixXf w1_ = Eigen::MatrixXf(12, 256), w2_ = Eigen::MatrixXf(256, 128),
                  w3_ = Eigen::MatrixXf(128, 1);
};

// The wide MLP alone on the model rows of one Kernel SHAP explanation at 2048 coalitions.
void BM_WideMlpOnly(benchmark::State& state) {
  Demo& demo = TheDemo();
  const WideMlp model;
  RowMatrixF rows(2050 * demo.background.values.rows(), 12);
  for (Eigen::Index i = 0; i < rows.rows(); ++i) {
    rows.row(i) = demo.background.values.row(i % demo.background.values.rows());
  }
  for (auto _ : state) {
    for (Eigen::Index start = 0; start < rows.rows(); start += 65536) {
      const Eigen::Index n = std::min<Eigen::Index>(65536, rows.rows() - start);
      const RowMatrixF out = model(ConstMatrixView(rows.data() + start * 12, n, 12));
      benchmark::DoNotOptimize(out.data());
    }
  }
}
BENCHMARK(BM_WideMlpOnly)->Unit(benchmark::kMillisecond);

// The counter core_share is the time outside the model's calls over the time inside them.
void BM_KernelWithWideMlp(benchmark::State& state) {
  Demo& demo = TheDemo();
  const WideMlp model;
  const Schema schema = Schema::FromNames(demo.data.header);
  const Background background = Background::Uniform(demo.background.values);
  const Eigen::VectorXf x = demo.data.values.row(0).transpose();
  std::chrono::duration<double> in_model{0}, total{0};
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    auto job = MakeExplainer("kernel", KernelSettings(state.range(0)), schema, x, background);
    const Explanation e = Drive(*job, [&](ConstMatrixView rows) {
      const auto called = std::chrono::steady_clock::now();
      RowMatrixF out = model(rows);
      in_model += std::chrono::steady_clock::now() - called;
      return out;
    });
    total += std::chrono::steady_clock::now() - start;
    benchmark::DoNotOptimize(e.values.data());
  }
  state.counters["core_share"] = (total - in_model) / in_model;
}
BENCHMARK(BM_KernelWithWideMlp)->Arg(2048)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace whyrec

BENCHMARK_MAIN();
