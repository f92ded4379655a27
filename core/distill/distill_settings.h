#pragma once

#include <nlohmann/json.hpp>

#include "core/distill/distill.h"

namespace whyrec {

// DistillOptions from a JSON object of settings named as `whyrec distill`'s flags with
// underscores: family, interactions, bags, max_bins, max_pair_bins, learning_rate,
// min_samples_leaf, smoothing_rounds, max_terms, max_depth, min_leaf_rows, max_rules,
// max_conditions, min_rule_rows, digits, seed, holdout, augment, k, and link ("identity" or
// "logit"). Absent settings keep their defaults; each is checked against the CLI's range. An
// unknown name, a wrong type or an out-of-range value is an error naming the setting, so that
// callers (the JS API) pass settings through without knowing every family's.
DistillOptions DistillOptionsFromJson(const nlohmann::json& settings);

}  // namespace whyrec
