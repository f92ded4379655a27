#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/explain/sequence/history_config.h"

namespace whyrec {

// Which edit the search looks for: the fewest players whose removal pushes the target out of the
// top k, or the fewest candidate items whose addition brings it into the top k.
enum class EditKind { kRemove, kAdd };
// kFull: attribution-guided greedy, then shrinking, beam and exhaustive search with a minimality
// proof when affordable. kGreedy: the greedy pass alone (the baseline the benchmark compares to).
enum class SearchKind { kFull, kGreedy };

// One counterfactual request, read from a JSON object with ParseHistoryConfig's keys plus
//   counterfactual ("remove" | "add"), k (1), candidates (add: the pool of item ids),
//   candidate_names (one per candidate), budget (model calls, kCounterfactualBudget),
//   beam_width (4), exhaustive_rows (kExhaustiveRows: the most histories spent proving
//   minimality), search ("full" | "greedy"), attribution (one value per player: the greedy
//   order, largest first; default: occlusion, the model's own single edits).
struct CounterfactualConfig {
  explicit CounterfactualConfig(HistoryConfig history) : base(std::move(history)) {}

  HistoryConfig base;
  EditKind edit = EditKind::kRemove;
  int64_t k = 1;
  std::vector<int64_t> candidates;
  std::vector<std::string> candidate_names;
  int64_t budget = 0;
  int beam_width = 0;
  int64_t exhaustive_rows = 0;
  SearchKind search = SearchKind::kFull;
  std::vector<double> attribution;

  // The players of the search: groups of history positions (remove) or candidates (add).
  int num_players() const;
  std::vector<std::string> player_names() const;
};

constexpr int64_t kCounterfactualBudget = 2048;
constexpr int64_t kExhaustiveRows = 1300;

// Throws std::invalid_argument naming the setting: an empty history, k < 1, an empty or invalid
// candidate pool, a candidate already in the history or equal to the target, a k that leaves
// nothing to push the target below (num_items known), attribution of the wrong length.
CounterfactualConfig ParseCounterfactualConfig(const nlohmann::ordered_json& config,
                                               std::vector<int64_t> items);

std::string EditKindName(EditKind edit);

}  // namespace whyrec
