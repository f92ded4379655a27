#pragma once

#include "core/explain/explanation.h"
#include "core/explain/sequence/attention_maps.h"
#include "core/explain/sequence/history_config.h"
#include "core/matrix.h"

namespace whyrec {

// The explanation a model's own attention gives a history (one model run): a player's value is
// the rollout of its items together, read at the recommending position; the output is the
// target's value in the whole history's `scores` (1 x items); there is no base value (NaN, null
// in the JSON), and "attention" in `extra` holds every map. The CLI and the WebAssembly build
// both explain attention with this.
Explanation AttentionExplanation(const HistoryConfig& config, const AttentionStack& attention,
                                 ConstMatrixView scores);

}  // namespace whyrec
