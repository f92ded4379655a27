#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/explain/counterfactual/feature_counterfactual.h"

namespace whyrec {

// The search's options from settings named as `whyrec counterfactual`'s flags, underscored: k,
// goal ("auto" | "enter" | "leave"), count, max_changes, budget, column (the model's output
// column that ranks, for an output of several). Every key must be one of those,
// MakeFeatureSpace's (immutable, ranges, steps, costs, grid_size) or `also_allowed` (a caller's
// own, such as feature_names): a misspelt key is an error listing the valid ones.
FeatureCounterfactualOptions FeatureCounterfactualOptionsFromJson(
    const nlohmann::ordered_json& settings, const std::vector<std::string>& also_allowed);

}  // namespace whyrec
