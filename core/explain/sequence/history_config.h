#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/explain/sequence/history.h"
#include "core/explain/sequence/history_target.h"
#include "core/schema.h"

namespace whyrec {

// One history to explain and how, read from a JSON object whose keys are the CLI's flag names
// with underscores, so the CLI, the WebAssembly build and the JS API share names and checks:
//   history_length (required), pad_id (0), pad_side ("left"), mask_id (pad_id),
//   absence ("removal" | "masking"), target (required: the explained item's id),
//   output ("score" | "log_prob"), contrast (an item B: explain f(target) - f(B)), num_items (the
//   model's score columns; 0: unchecked), item_names (one per history item; default "item <id>"),
//   groups (one label per history item: items with the same label are one player),
//   max_batch_rows (kHistoryBatchRows).
struct HistoryConfig {
  History history;
  HistoryTarget target;
  Schema schema;  // the mask game's players
  int64_t max_batch_rows;
};

// Histories per model batch unless max_batch_rows says otherwise: a sequence model's memory
// grows with rows x L (attention: rows x heads x L^2), and each row's scores cover every item,
// so the tabular default of 65,536 rows would ask a browser for gigabytes.
constexpr int64_t kHistoryBatchRows = 1024;

HistoryConfig ParseHistoryConfig(const nlohmann::ordered_json& config, std::vector<int64_t> items);

// What an explanation of the history records beside its values: "history" (the item ids),
// "target" (the explained item), "contrast" (when set) and "player_items" (each player's history
// positions).
nlohmann::ordered_json DescribeHistory(const HistoryConfig& config);

// The layout keys alone (history_length, pad_id, pad_side, mask_id, absence).
HistoryLayout ParseHistoryLayout(const nlohmann::ordered_json& config);

}  // namespace whyrec
