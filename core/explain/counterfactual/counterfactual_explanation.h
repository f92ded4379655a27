#pragma once

#include "core/explain/counterfactual/counterfactual_search.h"
#include "core/explain/explanation.h"

namespace whyrec {

// A counterfactual in the history explanation's shape (method "counterfactual"): one value per
// player, 1 for the players the edit removes or adds and 0 for the others; model_output is the
// target's output on the whole history and base_value is NaN (null in the JSON). The extra
// fields say what was found: found, edited_players, edited_positions (remove: the history
// positions), edited_items (ids), edited_names, counterfactual_history (the ids the model read),
// rank_before, rank_after, top_k_before, top_k_after, counterfactual_output, minimal ("proved"
// or "not proved"; null when nothing was found), budget_spent, model_calls, rounds, and the
// history's own: history, target, player_items (remove) or candidates (add).
Explanation CounterfactualExplanation(const CounterfactualConfig& config, const Counterfactual& c);

}  // namespace whyrec
