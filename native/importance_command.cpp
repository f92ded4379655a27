#include "native/importance_command.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/global/global_jobs.h"
#include "core/global/mean_abs_attribution.h"
#include "core/global/row_job.h"
#include "core/groups_json.h"
#include "native/column_flag.h"
#include "native/labeled_table.h"
#include "native/missing_flags.h"
#include "native/model_loader.h"
#include "native/number_checks.h"
#include "native/read_text.h"
#include "native/row_range.h"

namespace whyrec {
namespace {

using Json = nlohmann::ordered_json;

Json FromExplanation(const ImportanceOptions& o) {
  const Json explanation = Json::parse(ReadText(o.explanation), nullptr, false);
  if (explanation.is_discarded()) {
    throw std::invalid_argument(o.explanation + " is not valid JSON");
  }
  return MeanAbsAttribution(explanation);
}

}  // namespace

void AddImportanceCommand(CLI::App& app, ImportanceOptions& o) {
  CLI::App* cmd =
      app.add_subcommand("importance",
                         "Global importance: permutation importance, partial dependence, ALE, or "
                         "mean |value| of an explanation");
  cmd->add_option("--method", o.method, "permutation, pd (partial dependence), ale, or mean_abs")
      ->check(CLI::IsMember({"permutation", "pd", "ale", "mean_abs"}))
      ->capture_default_str();
  cmd->add_option("--model", o.model, "ONNX model (.onnx) or linear model JSON")
      ->check(CLI::ExistingFile);
  cmd->add_option("--data", o.data, "CSV of rows to evaluate on; the header names the features")
      ->check(CLI::ExistingFile);
  cmd->add_option("--explanation", o.explanation,
                  "mean_abs: an explanation JSON (whyrec explain --out) to average |values| of")
      ->check(CLI::ExistingFile);
  cmd->add_option("--drop", o.drop, "Columns of --data that are not model inputs")->delimiter(',');
  cmd->add_option("--rows", o.rows, "Rows of --data to use, A:B (default all)");
  cmd->add_option("--output", o.output, "Model output, by name (default: the first)");
  AddColumnFlag(cmd, o.column, "to read");
  cmd->add_option("--target", o.target,
                  "permutation: label column to score against (default: the model's own output)");
  cmd->add_option("--metric", o.metric, "permutation: logloss, auc or rmse (default rmse)")
      ->check(CLI::IsMember({"logloss", "auc", "rmse"}));
  cmd->add_option("--repeats", o.repeats, "permutation: shuffles per feature")
      ->check(PositiveNumber())
      ->capture_default_str();
  cmd->add_option("--seed", o.seed, "permutation: seed of the shuffles (default 0)");
  cmd->add_option("--feature", o.features, "pd, ale: one feature, or a pair A,B")->delimiter(',');
  cmd->add_option("--grid-resolution", o.grid_resolution, "pd: grid points per feature")
      ->check(IntegerRange(2, 10000))
      ->capture_default_str();
  cmd->add_option("--bins", o.bins, "ale: quantile bins per feature")
      ->check(IntegerRange(1, 10000))
      ->capture_default_str();
  cmd->add_option("--groups", o.groups,
                  "permutation: JSON {\"player\": [features]} shuffled together")
      ->check(CLI::ExistingFile);
  cmd->add_option("--max-batch-rows", o.max_batch_rows, "Most model rows evaluated per batch")
      ->check(PositiveNumber())
      ->capture_default_str();
  cmd->add_option("--out", o.out, "Write the JSON here instead of standard output");
  AddMissingFlags(cmd, o.missing);
  cmd->callback([&o] { RunImportance(o); });
}

void RunImportance(const ImportanceOptions& o) {
  if (o.method == "mean_abs") {
    if (o.explanation.empty()) throw std::invalid_argument("--method mean_abs needs --explanation");
    return WriteJson(FromExplanation(o).dump() + "\n", o.out);
  }
  if (o.model.empty() || o.data.empty()) {
    throw std::invalid_argument("--method " + o.method + " needs --model and --data");
  }
  if (!o.target.empty() && o.method != "permutation") {
    throw std::invalid_argument("--target is for --method permutation");
  }
  auto model = LoadModel(o.model);
  LabeledTable table = ReadLabeledCsv(o.data, o.drop, o.target, o.missing);
  const RowRange range = ParseRowRange(o.rows, table.features.values.rows(), o.data);
  RowMatrixF rows = table.features.values.middleRows(range.begin, range.size());
  if (model->input_width() >= 0 && model->input_width() != rows.cols()) {
    throw std::invalid_argument(o.data + " has " + std::to_string(rows.cols()) +
                                " feature columns (after --drop and --target) but the model " +
                                o.model + " expects " + std::to_string(model->input_width()));
  }
  Schema schema = Schema::FromNames(table.features.header);
  if (!o.groups.empty()) schema = schema.WithGroups(ParseGroups(ReadText(o.groups), o.groups));
  const int output = FindOutput(*model, o.output);
  const Evaluate evaluate = [&](ConstMatrixView batch) { return model->Predict(batch, output); };

  ImportanceSettings settings;
  settings.method = o.method;
  settings.features = o.features;
  if (!o.metric.empty()) settings.metric = o.metric;
  settings.target = o.target;
  settings.repeats = o.repeats;
  settings.seed = o.seed.value_or(0);
  settings.grid_resolution = o.grid_resolution;
  settings.bins = o.bins;
  settings.max_batch_rows = o.max_batch_rows;
  settings.output = model->output_names()[output];
  settings.column = o.column;
  settings.first_row = range.begin;
  std::optional<Eigen::VectorXd> labels;
  if (table.labels) labels = table.labels->segment(range.begin, range.size());
  const auto job = MakeImportanceJob(settings, schema, std::move(rows), std::move(labels));
  const Json out = RunRowJob(*job, evaluate);
  WriteJson(out.dump() + "\n", o.out);
}

}  // namespace whyrec
