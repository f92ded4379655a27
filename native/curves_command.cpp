#include "native/curves_command.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/global/global_jobs.h"
#include "core/global/row_job.h"
#include "native/column_flag.h"
#include "native/csv_table.h"
#include "native/labeled_table.h"
#include "native/missing_flags.h"
#include "native/model_loader.h"
#include "native/number_checks.h"

namespace whyrec {
namespace {

using Json = nlohmann::ordered_json;

Json ReadExplanation(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::invalid_argument("cannot open '" + path + "'");
  const Json json =
      Json::parse(std::string(std::istreambuf_iterator<char>(file), {}), nullptr, false);
  if (json.is_discarded() || !json.is_object() || !json.contains("values") ||
      !json.contains("feature_names")) {
    throw std::invalid_argument(path + " is not an explanation JSON (whyrec explain --out)");
  }
  return json;
}

}  // namespace

void AddCurvesCommand(CLI::App& app, CurvesOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "curves", "Deletion and insertion curves (with areas) of an explanation's attributions");
  cmd->add_option("--explanation", o.explanation, "Explanation JSON written by whyrec explain")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--model", o.model, "The explained model")->required()->check(CLI::ExistingFile);
  cmd->add_option("--data", o.data, "The CSV the explanation's rows come from")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--background", o.background, "Reference rows that stand in for removed features")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--drop", o.drop, "Columns that are not model inputs")->delimiter(',');
  cmd->add_option("--output", o.output, "Model output (default: the explanation's)");
  AddColumnFlag(cmd, o.column, "to read");
  cmd->add_option("--random-orders", o.random_orders,
                  "Also report the mean areas of this many random orders per row")
      ->check(NonNegativeNumber());
  cmd->add_option("--seed", o.seed, "Seed of the random orders (default 0)");
  cmd->add_option("--max-batch-rows", o.max_batch_rows, "Most model rows evaluated per batch")
      ->check(PositiveNumber())
      ->capture_default_str();
  cmd->add_option("--out", o.out, "Write the JSON here instead of standard output");
  AddMissingFlags(cmd, o.missing);
  cmd->callback([&o] { RunCurves(o); });
}

void RunCurves(const CurvesOptions& o) {
  const Json explanation = ReadExplanation(o.explanation);
  auto model = LoadModel(o.model);
  const CsvTable data = ReadNumericCsv(o.data, o.drop, DropPolicy::kIfPresent, o.missing);
  const CsvTable background =
      ReadNumericCsv(o.background, o.drop, DropPolicy::kIfPresent, o.missing);
  RequireDroppedFromEither(o.drop, o.data, data.dropped, o.background, background.dropped);
  std::string output_name = o.output;
  if (output_name.empty() && explanation.contains("output") && explanation["output"].is_string()) {
    output_name = explanation["output"];
  }
  const int output = FindOutput(*model, output_name);
  const Evaluate evaluate = [&](ConstMatrixView rows) { return model->Predict(rows, output); };
  if (background.header != data.header) {
    throw std::invalid_argument("the columns of " + o.data + " and of " + o.background +
                                " must be the same features");
  }
  CurvesSettings settings;
  settings.random_orders = o.random_orders;
  settings.seed = o.seed.value_or(0);
  settings.max_batch_rows = o.max_batch_rows;
  settings.output = model->output_names()[output];
  settings.column = o.column;
  const auto job =
      MakeCurvesJob(explanation, settings, data.header, data.values, background.values);
  const Json out = RunRowJob(*job, evaluate);
  WriteJson(out.dump() + "\n", o.out);
}

}  // namespace whyrec
