#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/explain/explanation.h"
#include "core/explain/sequence/attention_maps.h"

namespace whyrec {

// The explanation JSON of histories: the tabular shape, except that rows are ragged (each
// history has its own items), so every per-player and per-row field is a list per row:
// feature_names, values, std_errors, base_value (the empty history's score differs by target),
// model_output, and the extra fields (history, target, player_items, ...). `output` is "score"
// or "log_prob".
nlohmann::ordered_json HistoryExplanationsToJson(const std::vector<Explanation>& rows,
                                                 const std::string& output);

// {"last_layer": [...], "rollout": [...], "flow": [...], "raw": [[items x items per head] per
// layer]}, one entry per history item.
nlohmann::ordered_json AttentionToJson(const HistoryAttention& attention);

}  // namespace whyrec
