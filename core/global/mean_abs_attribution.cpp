#include "core/global/mean_abs_attribution.h"

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace whyrec {

nlohmann::ordered_json MeanAbsAttribution(const nlohmann::ordered_json& explanation) {
  using Json = nlohmann::ordered_json;
  if (!explanation.is_object() || !explanation.contains("values") ||
      !explanation["values"].is_array() || !explanation.contains("feature_names")) {
    throw std::invalid_argument("the explanation JSON needs 'values' and 'feature_names'");
  }
  const Json& rows = explanation["values"];
  const size_t players = explanation["feature_names"].size();
  if (rows.empty()) throw std::invalid_argument("the explanation has no rows");
  std::vector<std::vector<double>> sums(players);
  for (size_t r = 0; r < rows.size(); ++r) {
    if (!rows[r].is_array() || rows[r].size() != players) {
      throw std::invalid_argument("row " + std::to_string(r) + " of 'values' has " +
                                  std::to_string(rows[r].size()) + " entries, expected " +
                                  std::to_string(players));
    }
    for (size_t g = 0; g < players; ++g) {
      const Json& v = rows[r][g];
      const std::vector<double> outputs =
          v.is_array() ? v.get<std::vector<double>>() : std::vector<double>{v.get<double>()};
      if (sums[g].empty()) sums[g].assign(outputs.size(), 0.0);
      if (outputs.size() != sums[g].size()) {
        throw std::invalid_argument("rows of 'values' disagree on the number of outputs");
      }
      for (size_t k = 0; k < outputs.size(); ++k) sums[g][k] += std::abs(outputs[k]);
    }
  }
  Json importance = Json::array();
  for (auto& s : sums) {
    for (double& x : s) x /= static_cast<double>(rows.size());
    importance.push_back(s.size() == 1 ? Json(s[0]) : Json(s));
  }
  Json out;
  out["method"] = "mean_abs";
  out["source_method"] = explanation.value("method", "");
  out["output"] = explanation.value("output", Json(nullptr));
  out["feature_names"] = explanation["feature_names"];
  out["importance"] = std::move(importance);
  out["rows"] = rows.size();
  return out;
}

}  // namespace whyrec
