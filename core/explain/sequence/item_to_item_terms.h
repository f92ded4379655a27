#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/distill/item_to_item_model.h"
#include "core/explain/explanation.h"

namespace whyrec {

// Every target the model stores that is not in `history`, with its score by the model's algebra,
// which is linear in the history: b_t + v_t . z + (sparse pairs), z = sum_p decay^m u_{h_p}, one
// pass over the history instead of one per target (40 ms -> well under 1 ms for MovieLens's 2,000
// targets in the widget's core). Rounded differently than Score, which adds the terms in order:
// `bound` is each score's magnitude, within which the two agree to far better than 1e-10
// relative. Items ascending.
struct ItemToItemScores {
  std::vector<int64_t> items;
  std::vector<double> score;
  std::vector<double> bound;
};
ItemToItemScores ItemToItemScoresOutside(const ItemToItemModel& model,
                                         const std::vector<int64_t>& history);

// The `k` best-scored targets the item-to-item model stores that are not in `history`, best first
// (equal scores: the smaller id first), with their scores; fewer when the model stores fewer.
struct ItemToItemTop {
  std::vector<int64_t> items;
  std::vector<double> scores;
};
ItemToItemTop ItemToItemTopTargets(const ItemToItemModel& model,
                                   const std::vector<int64_t>& history, int k);
// The first of them; an error when the model stores no target outside the history.
int64_t ItemToItemTopTarget(const ItemToItemModel& model, const std::vector<int64_t>& history);

// The explanation of `target`'s score after `history` by a distilled item-to-item model: its own
// terms, w(h_p -> t) * decay^m per position (exact; no standard errors), base_value b_t and
// model_output their sum, in the history explanation JSON's form (history_json.h). `item_names`
// names the positions (empty: "item <id>"); names used twice are told apart as elsewhere.
Explanation ItemToItemTerms(const ItemToItemModel& model, const std::vector<int64_t>& history,
                            int64_t target, const std::vector<std::string>& item_names);

}  // namespace whyrec
