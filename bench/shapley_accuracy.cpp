// Accuracy per model evaluation of the Shapley estimators against exact values: mean absolute
// error at 256..2048 coalitions per row (each coalition costs |background| model rows), averaged
// over rows and seeds, next to shap's KernelExplainer sampling (transcribed in
// shap_kernel_reference.cpp), and the coverage of the reported 95% intervals. Prints markdown.
#include <cmath>
#include <cstdio>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "bench/shap_kernel_reference.h"
#include "core/background_summary.h"
#include "core/explain/drive.h"
#include "core/explain/explainer_factory.h"
#include "core/explain/shapley/exact_shapley.h"
#include "native/csv_table.h"
#include "native/model_loader.h"
#include "native/onnx_model.h"

namespace whyrec {
namespace {

struct Case {
  std::string name;
  Schema schema;
  Background background;
  std::vector<Eigen::VectorXf> rows;
  Evaluate model;
};

// A fixed random MLP 16 -> 32 -> 16 -> 1 with a sigmoid output: a second, wider model whose
// exact values are still cheap to enumerate natively.
Evaluate RandomMlp(int d, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  auto matrix = [&](int r, int c, float scale) {
    Eigen::MatrixXf m(r, c);
    for (int i = 0; i < r; ++i)
      for (int j = 0; j < c; ++j) m(i, j) = scale * normal(rng);
    return m;
  };
  const Eigen::MatrixXf w1 = matrix(d, 32, 1.0f / std::sqrt(float(d)));
  const Eigen::MatrixXf w2 = matrix(32, 16, 1.0f / std::sqrt(32.0f));
  const Eigen::MatrixXf w3 = matrix(16, 1, 1.0f);
  const Eigen::RowVectorXf b1 = matrix(1, 32, 0.3f), b2 = matrix(1, 16, 0.3f);
  return [=](ConstMatrixView rows) {
    const Eigen::MatrixXf h1 = ((rows * w1).rowwise() + b1).cwiseMax(0.0f);
    const Eigen::MatrixXf h2 = ((h1 * w2).rowwise() + b2).cwiseMax(0.0f);
    const Eigen::MatrixXf logit = h2 * w3;
    return RowMatrixF((1.0f / (1.0f + (-logit.array()).exp())).matrix());
  };
}

Case DemoCase(int rows) {
  const std::string demo = std::string(WHYREC_SOURCE_DIR) + "/examples/demo/";
  static OnnxModel model(demo + "ctr_mlp.onnx");
  const CsvTable data = ReadNumericCsv(demo + "candidates.csv", {"user_id", "item_id", "label"});
  const CsvTable background = ReadNumericCsv(demo + "background.csv");
  std::vector<Eigen::VectorXf> picked;
  for (int i = 0; i < rows; ++i)
    picked.push_back(data.values.row(i * 997 % data.values.rows()).transpose());
  const int prob = FindOutput(model, "prob");
  return {"demo MLP 12→32→16→1 (ONNX), 100 background rows", Schema::FromNames(data.header),
          Background::Uniform(background.values), picked,
          [prob](ConstMatrixView r) { return model.Predict(r, prob); }};
}

// The reference XGBoost model of the TreeSHAP benchmark (100 trees of depth 6): a game of a
// different kind, piecewise constant with interactions of every order.
Case TreesCase(int rows) {
  const std::string root = std::string(WHYREC_SOURCE_DIR) + "/examples/";
  static const std::unique_ptr<Model> model = LoadModel(root + "trees/ctr_xgb.json");
  const CsvTable data =
      ReadNumericCsv(root + "demo/candidates.csv", {"user_id", "item_id", "label"});
  const CsvTable background = ReadNumericCsv(root + "demo/background.csv");
  std::vector<Eigen::VectorXf> picked;
  for (int i = 0; i < rows; ++i)
    picked.push_back(data.values.row(i * 991 % data.values.rows()).transpose());
  const int prob = FindOutput(*model, "prob");
  return {"XGBoost 100 trees of depth 6 (examples/trees/ctr_xgb.json), 100 background rows",
          Schema::FromNames(data.header), Background::Uniform(background.values), picked,
          [prob](ConstMatrixView r) { return model->Predict(r, prob); }};
}

Case SyntheticCase(int rows) {
  const int d = 16;
  std::mt19937 rng(99);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  RowMatrixF background(100, d);
  for (int i = 0; i < 100; ++i)
    for (int j = 0; j < d; ++j) background(i, j) = normal(rng);
  std::vector<std::string> names;
  for (int j = 0; j < d; ++j) names.push_back("x" + std::to_string(j));
  std::vector<Eigen::VectorXf> picked;
  for (int i = 0; i < rows; ++i) {
    Eigen::VectorXf x(d);
    for (int j = 0; j < d; ++j) x[j] = 1.5f * normal(rng);
    picked.push_back(x);
  }
  return {"random MLP 16→32→16→1 (Eigen), 100 background rows", Schema::FromNames(names),
          Background::Uniform(background), picked, RandomMlp(d, 7)};
}

struct Score {
  double error = 0;
  double covered = 0;
  double intervals = 0;
  int runs = 0;
};

void Report(const Case& c, const std::vector<int64_t>& budgets, int seeds) {
  std::vector<Explanation> exact;
  double mean_abs = 0;
  for (const auto& x : c.rows) {
    ExactShapley job(c.schema, x, c.background);
    exact.push_back(Drive(job, c.model));
    mean_abs += exact.back().values.cwiseAbs().mean() / c.rows.size();
  }
  std::printf(
      "\n### %s\n\nmean |φ| = %.2e over %zu rows; MAE against exact values, mean over rows "
      "and %d seeds (coverage of ±1.96 SE intervals in brackets)\n\n",
      c.name.c_str(), mean_abs, c.rows.size(), seeds);
  const std::vector<std::string> methods = {
      "shap KernelExplainer (reference)", "kernel (default: leverage + tree surrogate)",
      "kernel leverage, no surrogate", "kernel kernel, no surrogate", "permutation"};
  std::printf("| coalitions |");
  for (const auto& m : methods) std::printf(" %s |", m.c_str());
  std::printf(" leverage / shap |\n|---|");
  for (size_t i = 0; i <= methods.size(); ++i) std::printf("---|");
  std::printf("\n");
  for (int64_t budget : budgets) {
    std::vector<Score> scores(methods.size());
    for (size_t r = 0; r < c.rows.size(); ++r) {
      for (int seed = 0; seed < seeds; ++seed) {
        for (size_t m = 0; m < methods.size(); ++m) {
          std::unique_ptr<Explainer> job;
          if (m == 0) {
            job = std::make_unique<ShapKernelReference>(c.schema, c.rows[r], c.background, budget,
                                                        seed);
          } else {
            const std::string method = m == 4 ? "permutation" : "kernel";
            nlohmann::ordered_json settings = {{"budget", budget}, {"seed", seed}};
            if (m == 2 || m == 3) settings["surrogate"] = "none";
            if (m == 3) settings["sampling"] = "kernel";
            job = MakeExplainer(method, settings, c.schema, c.rows[r], c.background);
          }
          const Explanation e = Drive(*job, c.model);
          const Eigen::MatrixXd diff = (e.values - exact[r].values).cwiseAbs();
          scores[m].error += diff.mean();
          scores[m].covered += (diff.array() <= 1.96 * e.std_errors.array()).cast<double>().sum();
          scores[m].intervals += static_cast<double>(diff.size());
          ++scores[m].runs;
        }
      }
    }
    std::printf("| %lld |", static_cast<long long>(budget));
    for (size_t m = 0; m < methods.size(); ++m) {
      const Score& s = scores[m];
      if (m == 0) {
        std::printf(" %.2e |", s.error / s.runs);
      } else {
        std::printf(" %.2e (%.0f%%) |", s.error / s.runs, 100 * s.covered / s.intervals);
      }
    }
    std::printf(" %.2f |\n", scores[1].error / scores[0].error);
  }
}

// What a k-means summary of the background costs in accuracy: exact Shapley values against the
// summary, compared with exact values against the full background, and the model rows saved.
void ReportSummaries(const Case& c, const std::vector<int>& sizes) {
  std::printf("\n### Background summaries: %s\n\n", c.name.c_str());
  std::printf(
      "| centroids | model rows per explained row | MAE against the full background | "
      "max abs error | base value shift |\n|---|---|---|---|---|\n");
  std::vector<Explanation> full;
  for (const auto& x : c.rows) {
    ExactShapley job(c.schema, x, c.background);
    full.push_back(Drive(job, c.model));
  }
  for (int k : sizes) {
    const Background summary = SummarizeBackground(c.background, k, 0);
    double mae = 0, worst = 0, shift = 0;
    int64_t rows = 0;
    for (size_t r = 0; r < c.rows.size(); ++r) {
      ExactShapley job(c.schema, c.rows[r], summary);
      const Explanation e = Drive(job, c.model);
      mae += (e.values - full[r].values).cwiseAbs().mean() / c.rows.size();
      worst = std::max(worst, (e.values - full[r].values).cwiseAbs().maxCoeff());
      shift = std::abs(e.base_value[0] - full[r].base_value[0]);
      rows = e.evaluations;
    }
    std::printf("| %d | %lld | %.2e | %.2e | %.2e |\n", k, static_cast<long long>(rows), mae, worst,
                shift);
  }
}

}  // namespace
}  // namespace whyrec

int main(int argc, char** argv) {
  const int seeds = argc > 1 ? std::atoi(argv[1]) : 5;
  const int rows = argc > 2 ? std::atoi(argv[2]) : 8;
  const std::vector<int64_t> budgets = {256, 512, 1024, 2048};
  whyrec::Report(whyrec::DemoCase(rows), budgets, seeds);
  whyrec::Report(whyrec::SyntheticCase(rows), budgets, seeds);
  whyrec::Report(whyrec::TreesCase(rows), budgets, seeds);
  whyrec::ReportSummaries(whyrec::DemoCase(rows), {5, 10, 20, 50, 100});
  return 0;
}
