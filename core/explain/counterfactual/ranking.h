#pragma once

#include <cstdint>
#include <vector>

namespace whyrec {

// Where one item stands in one row of item scores, among the items a recommender could show: every
// scored item except `excluded` (sorted ascending: the edited history's items and the padding id).
// Ties go to the lower id, as TopItem breaks them.
struct Standing {
  int64_t rank = 0;      // 1 = the top recommendation
  double score = 0;      // the item's own score
  double kth_other = 0;  // the k-th highest score among the other shown items (-inf if none)
};

Standing StandingOf(const float* scores, int64_t count, const std::vector<int64_t>& excluded,
                    int64_t item, int64_t k);

// The `k` highest-scoring shown items, best first (fewer when fewer are shown).
std::vector<int64_t> TopShown(const float* scores, int64_t count,
                              const std::vector<int64_t>& excluded, int64_t k);

}  // namespace whyrec
