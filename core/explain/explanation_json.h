#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/explain/explanation.h"

namespace whyrec {

// The one JSON shape that the CLI writes, the JS API returns and the widget reads. With one
// model output, values are rows x players; with k > 1 outputs each value becomes an array of
// k numbers and base_value an array. Each key of a row's `extra` becomes an array with one entry
// per row (null where a row lacks it). Throws std::invalid_argument when the rows disagree on
// method or players.
nlohmann::ordered_json ExplanationsToJson(const std::vector<Explanation>& rows,
                                          const std::string& output_name);

// ExplanationsToJson's document with null in place of values, std_errors and model_output, for
// callers that hand those numbers over in arrays of their own (the JS API's TreeSHAP).
nlohmann::ordered_json ExplanationsHeadJson(const std::vector<Explanation>& rows,
                                            const std::string& output_name);

// The fields whose layout differs between explanation shapes (tabular rows share players; history
// rows are ragged).
struct ExplanationFields {
  nlohmann::ordered_json feature_names, base_value;
  nlohmann::ordered_json values = nlohmann::ordered_json::array();
  nlohmann::ordered_json std_errors = nlohmann::ordered_json::array();
  nlohmann::ordered_json model_output = nlohmann::ordered_json::array();
};

// The explanation JSON around `fields`: method, output, evaluations (the most of any row), seed,
// settings (the first row's), and each key of the rows' `extra` as an array with one entry per
// row (null where a row lacks it). `rows` is not empty.
nlohmann::ordered_json AssembleExplanationJson(const std::vector<Explanation>& rows,
                                               const std::string& output_name,
                                               ExplanationFields fields);

}  // namespace whyrec
