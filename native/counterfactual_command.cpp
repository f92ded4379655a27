#include "native/counterfactual_command.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/explain/counterfactual/feature_counterfactual.h"
#include "core/models/model.h"
#include "native/column_flag.h"
#include "native/csv_table.h"
#include "native/labeled_table.h"
#include "native/model_loader.h"
#include "native/number_checks.h"
#include "native/read_text.h"
#include "native/row_range.h"

namespace whyrec {
namespace {

using Json = nlohmann::ordered_json;

double ParseFlagNumber(const std::string& text, const std::string& flag, const std::string& item) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw std::invalid_argument(flag + " " + item + ": '" + text + "' is not a number");
  }
  return value;
}

// "feature=value" items of a repeated flag, as {feature: parse(value)}.
template <typename Parse>
Json FeatureMap(const std::vector<std::string>& items, const std::string& flag, Parse parse) {
  Json map = Json::object();
  for (const std::string& item : items) {
    const size_t equals = item.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw std::invalid_argument(flag + " " + item + ": expected feature=value");
    }
    map[item.substr(0, equals)] = parse(item.substr(equals + 1), item);
  }
  return map;
}

Json SpaceSettings(const CounterfactualOptions& o) {
  Json settings = {{"immutable", o.immutable}, {"grid_size", o.grid_size}};
  settings["ranges"] = FeatureMap(o.ranges, "--range", [](const std::string& v, auto& item) {
    const size_t colon = v.find(':');
    if (colon == std::string::npos) {
      throw std::invalid_argument("--range " + item + ": expected feature=low:high");
    }
    return Json::array({ParseFlagNumber(v.substr(0, colon), "--range", item),
                        ParseFlagNumber(v.substr(colon + 1), "--range", item)});
  });
  settings["steps"] = FeatureMap(o.steps, "--step", [](const std::string& v, auto& item) {
    return ParseFlagNumber(v, "--step", item);
  });
  settings["costs"] = FeatureMap(o.costs, "--cost", [](const std::string& v, auto& item) {
    return ParseFlagNumber(v, "--cost", item);
  });
  return settings;
}

// Each data row's candidate list: the --group column's text (empty without --group: one list).
std::vector<std::string> ListOf(const CounterfactualOptions& o) {
  if (o.group.empty()) return {};
  const auto records = TokenizeCsv(ReadText(o.data), o.data);
  const auto& header = records.front();
  const auto column = std::find(header.begin(), header.end(), o.group);
  if (column == header.end()) {
    throw std::invalid_argument("--group " + o.group + ": " + o.data + " has no such column");
  }
  std::vector<std::string> lists;
  for (size_t r = 1; r < records.size(); ++r) {
    lists.push_back(records[r][static_cast<size_t>(column - header.begin())]);
  }
  return lists;
}

RankGoal ParseGoal(const std::string& goal) {
  if (goal == "enter") return RankGoal::kEnter;
  if (goal == "leave") return RankGoal::kLeave;
  return RankGoal::kAuto;
}

}  // namespace

void AddCounterfactualCommand(CLI::App& app, CounterfactualOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "counterfactual",
      "For rows of a CSV of scored items: the smallest change to their features that moves each "
      "into (or out of) the top k of its candidate list");
  cmd->add_option("--model", o.model, "The scoring model (any format `explain` reads)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--data", o.data, "CSV of items, one row each, with a header of feature names")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--group", o.group,
                  "Column naming each row's candidate list (e.g. user_id); rows with the same "
                  "value are ranked together. Default: the whole file is one list");
  cmd->add_option("--background", o.background,
                  "CSV whose observed ranges and spreads bound and scale the changes (default: "
                  "--data)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--drop", o.drop, "Columns that are not features (ids, labels)")->delimiter(',');
  cmd->add_option("--rows", o.rows, "Rows of --data to move, A:B as in explain (default: all)");
  cmd->add_option("--output", o.output, "Model output that ranks the items (default: the first)");
  AddColumnFlag(cmd, o.column, "that ranks");
  cmd->add_option("--k", o.k, "The top k to enter or leave")->check(PositiveNumber());
  cmd->add_option("--goal", o.goal, "enter the top k, leave it, or auto: whichever the row is not")
      ->check(CLI::IsMember({"auto", "enter", "leave"}))
      ->capture_default_str();
  cmd->add_option("--immutable", o.immutable, "Features that must not change")->delimiter(',');
  cmd->add_option("--range", o.ranges,
                  "feature=low:high,...: where features may go (default: the background's "
                  "range)")
      ->delimiter(',');
  cmd->add_option("--step", o.steps, "feature=step,...: changes in whole steps (e.g. days=1)")
      ->delimiter(',');
  cmd->add_option("--cost", o.costs, "feature=cost,...: weight of a scaled unit of change (1)")
      ->delimiter(',');
  cmd->add_option("--count", o.count, "Answers wanted per row, each changing other features")
      ->check(IntegerRange(1, 100))
      ->capture_default_str();
  cmd->add_option("--max-changes", o.max_changes, "Most features one answer changes")
      ->check(IntegerRange(1, 1000))
      ->capture_default_str();
  cmd->add_option("--budget", o.budget, "Most model rows evaluated per explained row")
      ->check(PositiveNumber())
      ->capture_default_str();
  cmd->add_option("--grid-size", o.grid_size, "Values tried per feature (background quantiles)")
      ->check(IntegerRange(2, 1000))
      ->capture_default_str();
  cmd->add_option("--out", o.out, "Write the JSON here instead of standard output");
  cmd->callback([&o] { RunCounterfactual(o); });
}

void RunCounterfactual(const CounterfactualOptions& o) {
  auto model = LoadModel(o.model);
  std::vector<std::string> lists = ListOf(o);
  std::vector<std::string> drop = o.drop;
  if (!o.group.empty()) drop.push_back(o.group);
  // With a background, a --drop name may be a column of either file (--group's is of --data).
  const CsvTable data = ReadNumericCsv(
      o.data, drop, o.background.empty() ? DropPolicy::kRequired : DropPolicy::kIfPresent, {});
  const CsvTable background =
      o.background.empty() ? data : ReadNumericCsv(o.background, drop, DropPolicy::kIfPresent, {});
  if (!o.background.empty()) {
    RequireDroppedFromEither(drop, o.data, data.dropped, o.background, background.dropped);
  }
  if (background.header != data.header) {
    throw std::invalid_argument(o.background + " does not have the columns of " + o.data +
                                " (after --drop and --group)");
  }
  if (model->input_width() >= 0 && model->input_width() != data.values.cols()) {
    throw std::invalid_argument(o.data + " has " + std::to_string(data.values.cols()) +
                                " feature columns (after --drop and --group) but the model " +
                                o.model + " expects " + std::to_string(model->input_width()));
  }
  const RowRange range = ParseRowRange(o.rows, data.values.rows(), o.data);
  lists.resize(static_cast<size_t>(data.values.rows()));
  std::map<std::string, std::vector<Eigen::Index>> members;
  for (Eigen::Index r = 0; r < data.values.rows(); ++r) members[lists[r]].push_back(r);
  const int output = FindOutput(*model, o.output);
  const Json space_settings = SpaceSettings(o);

  FeatureCounterfactualOptions options;
  options.k = o.k;
  options.goal = ParseGoal(o.goal);
  options.count = o.count;
  options.max_changes = o.max_changes;
  options.budget = o.budget;
  options.column = o.column;
  Json results = Json::array();
  for (Eigen::Index r = range.begin; r < range.end; ++r) {
    const Eigen::VectorXf row = data.values.row(r).transpose();
    const auto& list = members[lists[r]];
    RowMatrixF others(static_cast<Eigen::Index>(list.size()) - 1, data.values.cols());
    Eigen::Index filled = 0;
    for (Eigen::Index other : list) {
      if (other != r) others.row(filled++) = data.values.row(other);
    }
    try {
      FeatureCounterfactual search(
          MakeFeatureSpace(data.header, background.values, row, space_settings), row,
          std::move(others), options);
      for (RowBatch batch = search.next(); batch.rows() > 0; batch = search.next()) {
        const RowMatrixF scores =
            model->Predict(ConstMatrixView(batch.data(), batch.rows(), batch.cols()), output);
        search.tell(ConstMatrixView(scores.data(), scores.rows(), scores.cols()));
      }
      Json result = {{"row", r}};
      if (!o.group.empty()) result["list"] = lists[r];
      result.update(search.result());
      results.push_back(std::move(result));
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(o.data + ": row " + std::to_string(r) +
                                  " (from 0 after the header, as --rows counts): " + e.what());
    }
  }
  Json out = {{"method", "feature_counterfactual"},
              {"output", model->output_names()[output]},
              {"feature_names", data.header},
              {"settings", space_settings},
              {"rows", std::move(results)}};
  out["settings"]["k"] = o.k;
  out["settings"]["goal"] = o.goal;
  out["settings"]["count"] = o.count;
  out["settings"]["max_changes"] = o.max_changes;
  out["settings"]["budget"] = o.budget;
  if (o.column >= 0) out["settings"]["column"] = o.column;
  WriteJson(out.dump() + "\n", o.out);
}

}  // namespace whyrec
