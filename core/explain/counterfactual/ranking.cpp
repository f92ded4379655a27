#include "core/explain/counterfactual/ranking.h"

#include <algorithm>
#include <limits>

namespace whyrec {
namespace {

bool Shown(const std::vector<int64_t>& excluded, int64_t j) {
  return !std::binary_search(excluded.begin(), excluded.end(), j);
}

}  // namespace

Standing StandingOf(const float* scores, int64_t count, const std::vector<int64_t>& excluded,
                    int64_t item, int64_t k) {
  Standing s;
  s.score = scores[item];
  std::vector<float> others;
  others.reserve(static_cast<size_t>(count));
  int64_t ahead = 0;
  for (int64_t j = 0; j < count; ++j) {
    if (j == item || !Shown(excluded, j)) continue;
    others.push_back(scores[j]);
    ahead += scores[j] > scores[item] || (scores[j] == scores[item] && j < item);
  }
  s.rank = ahead + 1;
  if (static_cast<int64_t>(others.size()) < k) {
    s.kth_other = -std::numeric_limits<double>::infinity();
  } else {
    auto kth = others.begin() + (k - 1);
    std::nth_element(others.begin(), kth, others.end(), std::greater<float>());
    s.kth_other = *kth;
  }
  return s;
}

std::vector<int64_t> TopShown(const float* scores, int64_t count,
                              const std::vector<int64_t>& excluded, int64_t k) {
  std::vector<int64_t> ids;
  for (int64_t j = 0; j < count; ++j) {
    if (Shown(excluded, j)) ids.push_back(j);
  }
  const auto better = [&](int64_t a, int64_t b) {
    return scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
  };
  const auto end = ids.begin() + std::min<int64_t>(k, static_cast<int64_t>(ids.size()));
  std::partial_sort(ids.begin(), end, ids.end(), better);
  ids.erase(end, ids.end());
  return ids;
}

}  // namespace whyrec
