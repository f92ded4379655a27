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

// Adds each key of the rows' `extra` to `out` as an array with one entry per row.
void AddExtraFields(const std::vector<Explanation>& rows, nlohmann::ordered_json* out);

}  // namespace whyrec
