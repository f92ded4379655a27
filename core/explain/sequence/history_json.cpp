#include "core/explain/sequence/history_json.h"

#include <stdexcept>

#include "core/explain/explanation_json.h"

namespace whyrec {
namespace {

using Json = nlohmann::ordered_json;

Json Vector(const Eigen::VectorXd& v) {
  Json array = Json::array();
  for (Eigen::Index i = 0; i < v.size(); ++i) array.push_back(v[i]);
  return array;
}

Json Matrix(const Eigen::MatrixXd& m) {
  Json rows = Json::array();
  for (Eigen::Index r = 0; r < m.rows(); ++r) rows.push_back(Vector(m.row(r).transpose()));
  return rows;
}

}  // namespace

Json HistoryExplanationsToJson(const std::vector<Explanation>& rows, const std::string& output) {
  if (rows.empty()) throw std::invalid_argument("no explained histories to write");
  const Explanation& first = rows.front();
  ExplanationFields fields;
  fields.feature_names = Json::array();
  fields.base_value = Json::array();
  for (const auto& row : rows) {
    if (row.method != first.method) {
      throw std::invalid_argument("explained rows disagree on method");
    }
    if (row.values.rows() != 1) {
      throw std::invalid_argument("a history explanation has one explained output");
    }
    fields.feature_names.push_back(row.player_names);
    fields.values.push_back(Vector(row.values.row(0).transpose()));
    fields.std_errors.push_back(Vector(row.std_errors.row(0).transpose()));
    fields.base_value.push_back(row.base_value[0]);
    fields.model_output.push_back(row.model_output[0]);
  }
  return AssembleExplanationJson(rows, output, std::move(fields));
}

Json AttentionToJson(const HistoryAttention& attention) {
  Json raw = Json::array();
  for (const auto& layer : attention.raw) {
    Json heads = Json::array();
    for (const auto& head : layer) heads.push_back(Matrix(head));
    raw.push_back(std::move(heads));
  }
  Json out;
  out["last_layer"] = Vector(attention.last_layer);
  out["rollout"] = Vector(attention.rollout);
  out["flow"] = Vector(attention.flow);
  out["raw"] = std::move(raw);
  return out;
}

}  // namespace whyrec
