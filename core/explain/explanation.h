#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/player_names.h"

namespace whyrec {

// The explanation of one row: for each model output k and player g, values(k, g).
struct Explanation {
  std::string method;
  PlayerNames player_names;
  Eigen::MatrixXd values;        // outputs x players
  Eigen::MatrixXd std_errors;    // outputs x players; zero where exact
  Eigen::VectorXd base_value;    // per output: the expected output over the background
  Eigen::VectorXd model_output;  // per output, at the explained row
  int64_t evaluations = 0;       // model rows evaluated for this row
  std::optional<uint64_t> seed;
  nlohmann::ordered_json settings = nlohmann::ordered_json::object();
  // Method-specific per-row fields (LIME's intercept, an anchor's rule, ...): each key becomes a
  // top-level JSON array with one entry per explained row.
  nlohmann::ordered_json extra = nlohmann::ordered_json::object();
};

}  // namespace whyrec
