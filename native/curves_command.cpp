#include "native/curves_command.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <numeric>
#include <stdexcept>

#include "core/global/fidelity_curves.h"
#include "core/global/row_job.h"
#include "core/random.h"
#include "native/csv_table.h"
#include "native/labeled_table.h"
#include "native/model_loader.h"

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

Json Vector(const Eigen::VectorXd& v) { return std::vector<double>(v.data(), v.data() + v.size()); }

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
  cmd->add_option("--random-orders", o.random_orders,
                  "Also report the mean areas of this many random orders per row")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--seed", o.seed, "Seed of the random orders (default 0)");
  cmd->add_option("--max-batch-rows", o.max_batch_rows, "Most model rows evaluated per batch")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--out", o.out, "Write the JSON here instead of standard output");
  cmd->callback([&o] { RunCurves(o); });
}

void RunCurves(const CurvesOptions& o) {
  const Json explanation = ReadExplanation(o.explanation);
  auto model = LoadModel(o.model);
  const CsvTable data = ReadNumericCsv(o.data, o.drop);
  const CsvTable background = ReadNumericCsv(o.background, o.drop, DropPolicy::kIfPresent);
  const auto names = explanation["feature_names"].get<std::vector<std::string>>();
  if (names != data.header || background.header != data.header) {
    throw std::invalid_argument("the explanation's feature_names, the columns of " + o.data +
                                " and of " + o.background +
                                " must be the same features (groups are not supported)");
  }
  Eigen::Index first = 0;
  const Json& settings = explanation.value("settings", Json::object());
  if (settings.contains("rows")) first = settings["rows"][0].get<Eigen::Index>();
  const Json& values = explanation["values"];
  if (first + static_cast<Eigen::Index>(values.size()) > data.values.rows()) {
    throw std::invalid_argument("the explanation covers rows past the end of " + o.data);
  }
  std::string output_name = o.output;
  if (output_name.empty() && explanation.contains("output") && explanation["output"].is_string()) {
    output_name = explanation["output"];
  }
  const int output = FindOutput(*model, output_name);
  const Evaluate evaluate = [&](ConstMatrixView rows) { return model->Predict(rows, output); };
  const Schema schema = Schema::FromNames(data.header);
  const Background reference = Background::Uniform(background.values);
  Random random(o.seed.value_or(0));

  Json orders = Json::array(), deletion = Json::array(), insertion = Json::array();
  Json deletion_area = Json::array(), insertion_area = Json::array();
  Json random_deletion = Json::array(), random_insertion = Json::array();
  int64_t evaluations = 0;
  for (size_t r = 0; r < values.size(); ++r) {
    if (!values[r].is_array() || values[r].size() != names.size() || values[r][0].is_array()) {
      throw std::invalid_argument("row " + std::to_string(r) +
                                  " of the explanation's values is not one number per feature");
    }
    const auto row_values = values[r].get<std::vector<double>>();
    const Eigen::VectorXf x = data.values.row(first + static_cast<Eigen::Index>(r)).transpose();
    FidelityCurves curves(schema, x, reference,
                          OrderByAttribution(Eigen::Map<const Eigen::VectorXd>(
                              row_values.data(), static_cast<Eigen::Index>(row_values.size()))),
                          o.max_batch_rows);
    const FidelityCurvesResult c = RunRowJob(curves, evaluate);
    orders.push_back(c.order);
    deletion.push_back(Vector(c.deletion));
    insertion.push_back(Vector(c.insertion));
    deletion_area.push_back(c.deletion_area);
    insertion_area.push_back(c.insertion_area);
    evaluations += c.evaluations;
    double random_deletion_area = 0, random_insertion_area = 0;
    for (int k = 0; k < o.random_orders; ++k) {
      std::vector<int> order(names.size());
      std::iota(order.begin(), order.end(), 0);
      for (size_t i = order.size() - 1; i > 0; --i) std::swap(order[i], order[random.Below(i + 1)]);
      FidelityCurves shuffled(schema, x, reference, order, o.max_batch_rows);
      const FidelityCurvesResult s = RunRowJob(shuffled, evaluate);
      random_deletion_area += s.deletion_area / o.random_orders;
      random_insertion_area += s.insertion_area / o.random_orders;
      evaluations += s.evaluations;
    }
    if (o.random_orders > 0) {
      random_deletion.push_back(random_deletion_area);
      random_insertion.push_back(random_insertion_area);
    }
  }
  Json out;
  out["method"] = "curves";
  out["source_method"] = explanation.value("method", "");
  out["output"] = model->output_names()[output];
  out["feature_names"] = names;
  out["rows"] = {first, first + static_cast<Eigen::Index>(values.size())};
  out["order"] = std::move(orders);
  out["deletion"] = std::move(deletion);
  out["insertion"] = std::move(insertion);
  out["deletion_area"] = std::move(deletion_area);
  out["insertion_area"] = std::move(insertion_area);
  if (o.random_orders > 0) {
    out["random_orders"] = o.random_orders;
    out["random_deletion_area"] = std::move(random_deletion);
    out["random_insertion_area"] = std::move(random_insertion);
  }
  out["evaluations"] = evaluations;
  WriteJson(out.dump() + "\n", o.out);
}

}  // namespace whyrec
