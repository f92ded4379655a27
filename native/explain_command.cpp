#include "native/explain_command.h"

#include <fstream>
#include <iostream>
#include <stdexcept>

#include "core/background.h"
#include "core/background_summary.h"
#include "core/explain/contrast.h"
#include "core/explain/drive.h"
#include "core/explain/explainer_factory.h"
#include "core/explain/shapley/linear_shap.h"
#include "core/explain/trees/tree_shap.h"
#include "core/groups_json.h"
#include "core/models/linear_model.h"
#include "core/models/tree_ensemble.h"
#include "native/csv_table.h"
#include "native/explanation_writer.h"
#include "native/missing_flags.h"
#include "native/model_loader.h"
#include "native/number_checks.h"
#include "native/parallel_rows.h"
#include "native/progress_bar.h"
#include "native/read_text.h"
#include "native/row_range.h"
#ifdef WHYREC_HAS_CUDA
#include "native/cuda/cuda_explanations.h"
#endif

namespace whyrec {
namespace {

void RequireSameColumns(const CsvTable& data, const CsvTable& background,
                        const ExplainOptions& options) {
  if (data.header == background.header) return;
  if (data.header.size() != background.header.size()) {
    throw std::invalid_argument(options.background + " has " +
                                std::to_string(background.header.size()) + " feature columns, " +
                                options.data + " has " + std::to_string(data.header.size()) +
                                " (after --drop)");
  }
  for (size_t c = 0; c < data.header.size(); ++c) {
    if (data.header[c] != background.header[c]) {
      throw std::invalid_argument("column " + std::to_string(c + 1) + " is '" + data.header[c] +
                                  "' in " + options.data + " but '" + background.header[c] +
                                  "' in " + options.background);
    }
  }
}

// --contrast's row, checked: a Shapley method (LIME's and Anchors' answers are not additive
// games), no interaction values, and a row of --data.
std::optional<Eigen::Index> ContrastRow(const ExplainOptions& o, const std::string& method,
                                        Eigen::Index rows) {
  if (!o.contrast) return std::nullopt;
  if (method == "lime" || method == "anchors") {
    throw std::invalid_argument(
        "--contrast needs a Shapley method (exact, kernel, permutation, "
        "auto, linear, tree), not " +
        method);
  }
  if (o.interactions)
    throw std::invalid_argument("--contrast does not combine with --interactions");
  if (o.device != "cpu") throw std::invalid_argument("--contrast runs on the CPU: drop --device");
  if (*o.contrast < 0 || *o.contrast >= rows) {
    throw std::invalid_argument("--contrast " + std::to_string(*o.contrast) + " is not a row of " +
                                o.data + " (rows 0.." + std::to_string(rows - 1) +
                                ", from 0 after the header)");
  }
  return *o.contrast;
}

void RequireModelWidth(const Model& model, const CsvTable& data, const ExplainOptions& options) {
  const int expected = model.input_width();
  const int got = static_cast<int>(data.header.size());
  if (expected >= 0 && expected != got) {
    throw std::invalid_argument(options.data + " has " + std::to_string(got) +
                                " feature columns (after --drop) but the model " + options.model +
                                " expects " + std::to_string(expected) + " inputs");
  }
  if (const auto* linear = dynamic_cast<const LinearModel*>(&model)) {
    for (int c = 0; c < got; ++c) {
      if (linear->feature_names()[c] != data.header[c]) {
        throw std::invalid_argument("the model's feature " + std::to_string(c + 1) + " is '" +
                                    linear->feature_names()[c] + "' but column " +
                                    std::to_string(c + 1) + " of " + options.data + " is '" +
                                    data.header[c] + "'");
      }
    }
  }
  // XGBoost models saved without names call their features f0, f1, ...: nothing to compare.
  if (const auto* trees = dynamic_cast<const TreeEnsemble*>(&model)) {
    for (int c = 0; c < got; ++c) {
      const std::string& name = trees->feature_names()[c];
      if (name != "f" + std::to_string(c) && name != data.header[c]) {
        throw std::invalid_argument("the model's feature " + std::to_string(c + 1) + " is '" +
                                    name + "' but column " + std::to_string(c + 1) + " of " +
                                    options.data + " is '" + data.header[c] + "'");
      }
    }
  }
}

// The flags that configure model-agnostic methods, under the names the JS API uses too.
nlohmann::ordered_json MethodSettings(const ExplainOptions& o) {
  nlohmann::ordered_json settings;
  settings["max_batch_rows"] = o.max_batch_rows;
  if (o.seed) settings["seed"] = *o.seed;
  if (o.budget > 0) settings["budget"] = o.budget;
  settings["tolerance"] = o.tolerance;
  settings["link"] = o.link;
  settings["sampling"] = o.sampling;
  settings["surrogate"] = o.surrogate;
  if (o.background_summary > 0) settings["background_summary"] = o.background_summary;
  AddLocalRuleSettings(o.local_rules, settings);
  return settings;
}

// --device cuda: TreeSHAP of the range's rows on the GPU, where this build has CUDA.
std::vector<Explanation> ExplainTreesOnGpu(const TreeShap& shap, const RowMatrixF& rows,
                                           const RowRange& range) {
#ifdef WHYREC_HAS_CUDA
  try {
    return ExplainTreesOnCuda(shap, rows, range.begin, range.end);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(std::string("--device cuda: ") + e.what());
  }
#else
  (void)shap, (void)rows, (void)range;
  throw std::invalid_argument(
      "--device cuda: this build has no CUDA (nvcc was not found at configure time)");
#endif
}

}  // namespace

void AddExplainCommand(CLI::App& app, ExplainOptions& o) {
  CLI::App* cmd = app.add_subcommand("explain", "Explain model outputs for rows of a CSV file");
  cmd->add_option("--model", o.model,
                  "ONNX model (.onnx), XGBoost JSON, LightGBM model.txt or linear model JSON "
                  "(gzip-compressed too)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--data", o.data, "CSV with a header of feature names; one row per instance")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--background", o.background,
                  "CSV of reference rows, same columns as --data (not needed by --method tree "
                  "--tree-mode path)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--rows", o.rows,
                  "Rows of --data to explain, A:B = rows A..B-1 (0-based); "
                  "A:, :B and A also work. Default: all rows");
  cmd->add_option("--drop", o.drop, "Columns to ignore in --data and --background (e.g. label)")
      ->delimiter(',');
  cmd->add_option("--method", o.method,
                  "Explanation method (default: tree for tree models, linear for linear models, "
                  "else exact)")
      ->check(CLI::IsMember(
          {"exact", "linear", "kernel", "permutation", "auto", "lime", "anchors", "tree"}));
  cmd->add_option("--output", o.output,
                  "Model output to explain, by name (default: the first output)");
  cmd->add_option("--groups", o.groups,
                  "JSON file {\"player\": [\"feature\", ...]}: explain these columns together")
      ->check(CLI::ExistingFile);
  cmd->add_option("--budget", o.budget,
                  "Coalitions per row for kernel/permutation (default 2G+2048; kernel caps at "
                  "2^G-2, where it is exact); auto picks exact when 2^G <= budget")
      ->check(PositiveNumber());
  cmd->add_option("--tolerance", o.tolerance,
                  "Sample more coalitions until every standard error is below this (or the "
                  "budget is spent)")
      ->check(NonNegativeNumber());
  cmd->add_option("--link", o.link, "Explain the output as is or in log-odds (a probability)")
      ->check(CLI::IsMember({"identity", "logit"}))
      ->capture_default_str();
  cmd->add_option("--sampling", o.sampling,
                  "Kernel SHAP's coalition sizes: leverage (equal per size) or kernel (as shap)")
      ->check(CLI::IsMember({"leverage", "kernel"}))
      ->capture_default_str();
  cmd->add_option("--surrogate", o.surrogate,
                  "Kernel SHAP's control variate: a cross-fitted boosted-tree surrogate of the "
                  "game (trees), the same plus a function of the coalition's size (size_trees) "
                  "or none")
      ->check(CLI::IsMember({"trees", "size_trees", "none"}))
      ->capture_default_str();
  cmd->add_option("--background-summary", o.background_summary,
                  "Replace the background by K weighted k-means centroids (seeded by --seed)")
      ->check(PositiveNumber());
  cmd->add_option("--tree-mode", o.tree_mode,
                  "--method tree: 'path' (cover-weighted, like XGBoost's pred_contribs) or "
                  "'interventional' (against --background)")
      ->check(CLI::IsMember({"path", "interventional"}))
      ->capture_default_str();
  cmd->add_option("--threads", o.threads, "Threads for white-box methods (0: one per core)")
      ->check(NonNegativeNumber())
      ->capture_default_str();
  cmd->add_option("--device", o.device,
                  "--method tree: compute on the cpu or on a cuda GPU (builds with nvcc)")
      ->check(CLI::IsMember({"cpu", "cuda"}))
      ->capture_default_str();
  cmd->add_flag("--interactions", o.interactions,
                "--method tree: add SHAP interaction values (rows x players x players)");
  cmd->add_option("--seed", o.seed, "Seed for randomized methods (recorded in the output)");
  cmd->add_option("--contrast", o.contrast,
                  "Row B of --data (from 0, as --rows counts): explain why each row scores above "
                  "or below B, f(row) - f(B), whose values are the row's minus B's");
  cmd->add_option("--out", o.out, "Write the JSON here instead of standard output");
  cmd->add_option("--max-batch-rows", o.max_batch_rows, "Most model rows evaluated per batch")
      ->check(PositiveNumber())
      ->capture_default_str();
  AddLocalRuleFlags(cmd, o.local_rules);
  AddMissingFlags(cmd, o.missing);
  cmd->callback([&o] { RunExplain(o); });
}

void RunExplain(const ExplainOptions& o) {
  auto model = LoadModel(o.model);
  // auto (and no --method): a white-box model's closed form; otherwise exact (no --method) or,
  // for auto, exact or Kernel SHAP by budget (core).
  std::string method = o.method;
  const bool pick = method.empty() || method == "auto";
  if (pick && dynamic_cast<const TreeEnsemble*>(model.get())) method = "tree";
  if (pick && dynamic_cast<const LinearModel*>(model.get())) method = "linear";
  if (method.empty()) method = "exact";
  const bool reads_background = method != "tree" || o.tree_mode != "path";
  if (o.background.empty() && reads_background) {
    throw std::invalid_argument("--method " + method +
                                (method == "tree" ? " --tree-mode " + o.tree_mode : "") +
                                " needs --background (only --tree-mode path reads none)");
  }
  const CsvTable data = ReadNumericCsv(o.data, o.drop, DropPolicy::kRequired, o.missing);
  CsvTable background;
  if (o.background.empty()) {
    // TreeShap takes a background in every mode but reads it in interventional mode only.
    background = {data.header, RowMatrixF::Zero(1, static_cast<Eigen::Index>(data.header.size()))};
  } else {
    background = ReadNumericCsv(o.background, o.drop, DropPolicy::kIfPresent, o.missing);
    RequireSameColumns(data, background, o);
  }
  RequireModelWidth(*model, data, o);
  const RowRange range = ParseRowRange(o.rows, data.values.rows(), o.data);

  Schema schema = Schema::FromNames(data.header);
  if (!o.groups.empty()) schema = schema.WithGroups(ParseGroups(ReadText(o.groups), o.groups));
  const nlohmann::ordered_json settings = MethodSettings(o);
  const Background reference =
      BackgroundForSettings(Background::Uniform(std::move(background.values)), settings);

  const std::optional<Eigen::Index> contrast = ContrastRow(o, method, data.values.rows());
  Explanation contrast_explanation;
  std::string output_name;
  std::vector<Explanation> explanations;
  ProgressBar progress(range.size(), "explaining");
  if (method == "tree") {
    const auto* trees = dynamic_cast<const TreeEnsemble*>(model.get());
    if (!trees) {
      throw std::invalid_argument(
          "--method tree needs a tree ensemble (XGBoost JSON, LightGBM or ONNX TreeEnsemble*); " +
          o.model + " is not one");
    }
    output_name = model->output_names()[0];
    if (!o.output.empty() && o.output != output_name) {
      throw std::invalid_argument("--method tree explains the model's '" + output_name +
                                  "' (margin space), not '" + o.output + "'");
    }
    const TreeShap shap(*trees, schema, ParseTreeShapMode(o.tree_mode), reference, o.interactions);
    if (o.device == "cuda") {
      if (o.interactions) {
        throw std::invalid_argument(
            "--interactions are computed on the CPU only: drop --device cuda");
      }
      explanations = ExplainTreesOnGpu(shap, data.values, range);
      for (size_t r = 0; r < explanations.size(); ++r) progress.Advance();
    } else {
      explanations.resize(range.size());
      ParallelRows(
          range.begin, range.end, o.threads,
          [&](int64_t r) {
            const Eigen::VectorXf x = data.values.row(r).transpose();
            explanations[r - range.begin] =
                o.interactions ? shap.ExplainWithInteractions(x) : shap.Explain(x);
          },
          [&] { progress.Advance(); });
    }
    if (contrast) contrast_explanation = shap.Explain(data.values.row(*contrast).transpose());
  } else if (o.device != "cpu") {
    throw std::invalid_argument("--device " + o.device + " needs --method tree");
  } else if (o.interactions) {
    throw std::invalid_argument("--interactions needs --method tree");
  } else if (method == "linear") {
    const auto* linear = dynamic_cast<const LinearModel*>(model.get());
    if (!linear) {
      throw std::invalid_argument("--method linear needs a linear model JSON; " + o.model +
                                  " is an ONNX model: use --method exact");
    }
    output_name = model->output_names()[0];
    if (!o.output.empty() && o.output != output_name) {
      throw std::invalid_argument("--method linear explains the model's '" + output_name +
                                  "' (margin space), not '" + o.output + "'");
    }
    for (Eigen::Index r = range.begin; r < range.end; ++r) {
      try {
        explanations.push_back(
            LinearShap(*linear, schema, data.values.row(r).transpose(), reference));
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(o.data + ": row " + std::to_string(r) +
                                    " (from 0 after the header, as --rows counts): " + e.what());
      }
      progress.Advance();
    }
    if (contrast) {
      contrast_explanation =
          LinearShap(*linear, schema, data.values.row(*contrast).transpose(), reference);
    }
  } else {
    const int output = FindOutput(*model, o.output);
    output_name = model->output_names()[output];
    const Evaluate evaluate = [&](ConstMatrixView rows) { return model->Predict(rows, output); };
    const auto explain_row = [&](Eigen::Index r) {
      auto job = MakeExplainer(method, settings, schema, data.values.row(r).transpose(), reference);
      return Drive(*job, evaluate);
    };
    for (Eigen::Index r = range.begin; r < range.end; ++r) {
      explanations.push_back(explain_row(r));
      progress.Advance();
    }
    if (contrast) contrast_explanation = explain_row(*contrast);
  }
  if (contrast) {
    for (Explanation& e : explanations) e = Contrast(std::move(e), contrast_explanation, *contrast);
  }
  // Randomized methods record the seed they used (0 unless --seed is given).
  if (o.seed) {
    for (auto& e : explanations) e.seed = o.seed;
  }
  nlohmann::ordered_json written_settings =
      explanations.empty() ? nlohmann::ordered_json::object() : explanations.front().settings;
  written_settings["rows"] = {range.begin, range.end};
  std::string text;
  WriteExplanationsJson(explanations, output_name, written_settings, text);
  text += '\n';
  if (o.out.empty()) {
    std::cout << text;
  } else {
    std::ofstream file(o.out, std::ios::binary);
    if (!(file << text)) throw std::runtime_error("cannot write '" + o.out + "'");
  }
}

}  // namespace whyrec
