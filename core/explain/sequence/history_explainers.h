#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/explain/explainer.h"
#include "core/explain/sequence/history_config.h"
#include "core/explain/sequence/history_job.h"
#include "core/global/fidelity_curves.h"

namespace whyrec {

using HistoryExplainer = HistoryJob<Explainer>;
using HistoryCurves = HistoryJob<FidelityCurves>;

// Attribution of a recommendation to the items of a history: "exact", "kernel", "permutation",
// "auto" (the Shapley methods with their usual settings: budget, seed, tolerance, sampling,
// surrogate, max_batch_rows) or "occlusion", over the players of `config` (see
// ParseHistoryConfig). The explanation's extra fields say which history and target it explains.
std::unique_ptr<HistoryExplainer> MakeHistoryExplainer(const std::string& method,
                                                       const nlohmann::ordered_json& config,
                                                       std::vector<int64_t> items);

std::vector<std::string> HistoryExplainerMethods();

// Deletion and insertion curves of the history's players in `order` (most important first).
std::unique_ptr<HistoryCurves> MakeHistoryCurves(const nlohmann::ordered_json& config,
                                                 std::vector<int64_t> items,
                                                 std::vector<int> order);

// The mask game of a history of `players` players: the instance is all ones and the background
// one row of zeros, so a coalition row is the presence of each player.
Eigen::VectorXf MaskGameInstance(int width);
Background MaskGameBackground(int width);

}  // namespace whyrec
