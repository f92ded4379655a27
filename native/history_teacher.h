#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/distill/item_to_item_fit.h"
#include "core/explain/sequence/history.h"
#include "native/history_model.h"

namespace whyrec {

// How teacher rows are drawn from a history model for distilling it.
struct HistoryTeacherOptions {
  int prefixes = 1;  // histories per user: the whole one and prefixes of evenly spaced lengths
  int top = 20;      // candidates per history: the teacher's top items (not in the history)...
  int sampled = 30;  // ...and a seeded uniform sample of the other items
  uint64_t seed = 0;
  int64_t max_batch_rows = 256;  // histories per model run
};

// The teacher's scores of each user's candidate lists: per user (an index into `histories`, the
// file's lines) its `prefixes` histories (lengths n, n - n/P, n - 2n/P, ...: the whole history
// and shorter ones, oldest items kept), and per history its candidates: the `top` best-scored
// items that are neither in the history nor the padding or mask id, then `sampled` other such
// items drawn uniformly by a generator seeded with the seed and the user's line (so a user's
// rows do not depend on which other users are drawn). Each history is one candidate list.
// Errors name the file and line (from 1): an item id the model does not score, a history
// longer than the layout's length, an empty history.
struct HistoryTeacherRows {
  ItemToItemData data;
  std::vector<int> user;  // each history's user: its line in the file, from 0
};
HistoryTeacherRows DrawHistoryTeacherRows(HistoryModel& model, const HistoryLayout& layout,
                                          int64_t num_items,
                                          const std::vector<std::vector<int64_t>>& histories,
                                          const std::vector<int>& users, const std::string& source,
                                          const HistoryTeacherOptions& options);

}  // namespace whyrec
