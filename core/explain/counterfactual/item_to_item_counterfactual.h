#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/distill/item_to_item_model.h"
#include "core/explain/explanation.h"

namespace whyrec {

// The fewest items of `history` whose removal takes `target` out of a distilled item-to-item
// model's top k: CounterfactualSearch (the search a history model's counterfactual runs) told the
// model's own scores of each edited history, so the answer is exact for the model and verified by
// construction. The explanation is CounterfactualExplanation's, in the history's item ids.
// `settings`: k, budget, beam_width, exhaustive_rows and search as ParseCounterfactualConfig reads
// them, and item_names and groups as ParseHistoryConfig does. The shown items are the targets the
// model stores that the edited history does not hold. Throws std::invalid_argument naming the
// problem: a target the model does not store, a target not in the top k of the whole history, or
// a setting out of range.
Explanation ItemToItemCounterfactual(const ItemToItemModel& model,
                                     const std::vector<int64_t>& history, int64_t target,
                                     const nlohmann::ordered_json& settings);

}  // namespace whyrec
