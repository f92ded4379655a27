#pragma once

#include <string>

#include "native/explain_history_command.h"

namespace whyrec {

// Whether explain-history's --model is JSON (a distilled item-to-item model), not ONNX.
bool IsDistilledHistoryModel(const std::string& path);

// explain-history with a distilled item-to-item model: each history's values are the model's own
// terms for the target, w(h_p -> t) * decay^m per position, base_value b_t and model_output
// their sum (README "Distilling a history model"). Reads --histories, --items, --rows, --target
// and --out; any flag that changes what other models explain is an error naming it.
void ExplainDistilledHistory(const ExplainHistoryOptions& options);

}  // namespace whyrec
