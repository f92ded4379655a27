#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "core/distill/distill.h"
#include "core/distill/item_to_item_fit.h"
#include "core/distill/surrogate_search.h"

namespace whyrec {

// Fits the item-to-item surrogate on `fit` and measures it on `held` as the written model (its
// numbers to `digits` significant digits) reads back: R² on the teacher's scores, and per
// held-out history (one candidate list each) top-k agreement and NDCG@10. `terms` counts the
// biases and the pairs. Errors as FitItemToItem's, and a constant held-out teacher.
DistillResult DistillItemToItem(const ItemToItemData& fit, const ItemToItemData& held,
                                const ItemToItemOptions& options, int k, int digits);

// The settings `whyrec distill-history --search` tries (README "Distilling a history model"):
// the two baselines (biases only; the last item only, decay 0), sparse pairs only (budgets 1,000,
// 4,000, 16,000), the low-rank part only (rank 4, 8, 16, 32) and rank 16 with 4,000 pairs; l2 10
// but for the last-item baseline (1); the decay chosen from base.decays.
std::vector<SurrogateCandidate> ItemToItemGrid();
ItemToItemOptions ItemToItemOptionsOf(const nlohmann::ordered_json& settings,
                                      const ItemToItemOptions& base);

// Fits every grid candidate on all of `fit` in grid order (one rung) and measures it on `held`;
// a candidate whose fit would start after the time budget is skipped. The front and the pick as
// PickFromFront makes them. Deterministic by base.seed while the budget does not bind.
SearchResult SearchItemToItem(const ItemToItemData& fit, const ItemToItemData& held,
                              const ItemToItemOptions& base, const SearchOptions& options);

}  // namespace whyrec
