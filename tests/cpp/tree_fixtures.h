#pragma once

#include <Eigen/Core>
#include <cmath>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/models/xgboost_json.h"

// The XGBoost models of examples/trees/ and what XGBoost itself predicted for them
// (written by examples/trees/make_xgboost_models.py).
namespace whyrec::testing {

inline std::string TreesDir() { return std::string(WHYREC_SOURCE_DIR) + "/examples/trees/"; }

inline std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), {});
}

inline TreeEnsemble LoadXgboost(const std::string& name) {
  return ParseXgboostJson(ReadFile(TreesDir() + name + "_xgb.json"), name + "_xgb.json");
}

inline nlohmann::json Expected(const std::string& name) {
  return nlohmann::json::parse(ReadFile(TreesDir() + "expected/" + name + ".json"));
}

// Fixture rows; null cells are missing values (NaN).
inline std::vector<Eigen::VectorXf> ExpectedRows(const nlohmann::json& expected) {
  std::vector<Eigen::VectorXf> rows;
  for (const auto& cells : expected["rows"]) {
    Eigen::VectorXf row(cells.size());
    for (size_t c = 0; c < cells.size(); ++c) {
      row[c] = cells[c].is_null() ? NAN : cells[c].get<float>();
    }
    rows.push_back(row);
  }
  return rows;
}

}  // namespace whyrec::testing
