#pragma once

#include <nlohmann/json.hpp>

namespace whyrec {

// Global importance from local attributions: the mean |value| of each player over the rows of an
// explanation JSON (any Shapley method; also lime's). Returns {"method": "mean_abs",
// "source_method", "feature_names", "importance", "rows"}; with several model outputs each
// importance is an array with one entry per output. Throws std::invalid_argument naming what is
// missing or malformed.
nlohmann::ordered_json MeanAbsAttribution(const nlohmann::ordered_json& explanation);

}  // namespace whyrec
