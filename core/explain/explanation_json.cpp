#include "core/explain/explanation_json.h"

#include <stdexcept>

namespace whyrec {
namespace {

using Json = nlohmann::ordered_json;

Json PerOutput(const Eigen::VectorXd& v) {
  if (v.size() == 1) return v[0];
  Json array = Json::array();
  for (Eigen::Index k = 0; k < v.size(); ++k) array.push_back(v[k]);
  return array;
}

Json PlayerRow(const Eigen::MatrixXd& outputs_by_players) {
  Json row = Json::array();
  for (Eigen::Index g = 0; g < outputs_by_players.cols(); ++g) {
    row.push_back(PerOutput(outputs_by_players.col(g)));
  }
  return row;
}

// ExplanationsToJson's document, with the per-row numbers or (`numbers` false) null for them.
Json ExplanationDocument(const std::vector<Explanation>& rows, const std::string& output_name,
                         bool numbers) {
  if (rows.empty()) throw std::invalid_argument("no explained rows to write");
  const Explanation& first = rows.front();
  ExplanationFields fields;
  for (const auto& row : rows) {
    if (row.method != first.method || row.player_names != first.player_names) {
      throw std::invalid_argument("explained rows disagree on method or players");
    }
    if (!numbers) continue;
    fields.values.push_back(PlayerRow(row.values));
    fields.std_errors.push_back(PlayerRow(row.std_errors));
    fields.model_output.push_back(PerOutput(row.model_output));
  }
  if (!numbers) fields.values = fields.std_errors = fields.model_output = nullptr;
  fields.feature_names = first.player_names;
  fields.base_value = PerOutput(first.base_value);
  return AssembleExplanationJson(rows, output_name, std::move(fields));
}

}  // namespace

Json ExplanationsToJson(const std::vector<Explanation>& rows, const std::string& output_name) {
  return ExplanationDocument(rows, output_name, true);
}

Json ExplanationsHeadJson(const std::vector<Explanation>& rows, const std::string& output_name) {
  return ExplanationDocument(rows, output_name, false);
}

Json AssembleExplanationJson(const std::vector<Explanation>& rows, const std::string& output_name,
                             ExplanationFields fields) {
  const Explanation& first = rows.front();
  int64_t evaluations = 0;
  for (const auto& row : rows) evaluations = std::max(evaluations, row.evaluations);
  Json out;
  out["method"] = first.method;
  out["output"] = output_name;
  out["feature_names"] = std::move(fields.feature_names);
  out["base_value"] = std::move(fields.base_value);
  out["values"] = std::move(fields.values);
  out["std_errors"] = std::move(fields.std_errors);
  out["model_output"] = std::move(fields.model_output);
  out["evaluations"] = evaluations;
  out["seed"] = first.seed ? Json(*first.seed) : Json(nullptr);
  out["settings"] = first.settings;
  for (const auto& field : first.extra.items()) {
    Json per_row = Json::array();
    for (const auto& row : rows) per_row.push_back(row.extra.value(field.key(), Json(nullptr)));
    out[field.key()] = std::move(per_row);
  }
  return out;
}

}  // namespace whyrec
