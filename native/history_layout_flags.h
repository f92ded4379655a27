#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "native/history_model.h"

namespace whyrec {

// How a history model reads its input: --history-length, --pad-id, --pad-side, --mask-id and
// --absence. Unset ones come from the model's metadata_props (whyrec.history_length,
// whyrec.pad_id, whyrec.pad_side, whyrec.mask_id), else L from the input's shape, padding id 0
// on the left, and the mask id equal to the padding id.
struct HistoryLayoutFlags {
  std::optional<int64_t> history_length;
  std::optional<int64_t> pad_id;
  std::optional<std::string> pad_side;
  std::optional<int64_t> mask_id;
  std::string absence = "removal";
};

void AddHistoryLayoutFlags(CLI::App* command, HistoryLayoutFlags& flags);

// The layout as ParseHistoryLayout's keys (history_length, pad_id, pad_side, mask_id, absence).
// Errors name the flag or the metadata key and the model: a bad metadata value, no length to be
// found, or a length that disagrees with the model's input shape.
nlohmann::ordered_json LayoutSettings(const HistoryLayoutFlags& flags, const HistoryModel& model);

}  // namespace whyrec
