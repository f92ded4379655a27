#pragma once

// The per-leaf arithmetic of TreeSHAP, written once for the CPU and for CUDA kernels: plain
// functions on pointers, no allocation, no exceptions, no standard containers.

#include <cmath>
#include <cstdint>

#include "core/models/tree_split.h"

namespace whyrec {

// What a row must meet on one feature to follow edges of a path that split on it: for a value
// that takes the default direction (TakesDefault), missing_follows; otherwise, for numerical
// splits, lo <= x < hi (float32, as the trees compare), and for a categorical split, x's
// category is in the set (in_categories) or out of it. A condition holds the merged numerical
// edges of one feature, or one categorical edge.
struct FeatureCondition {
  int feature;
  float lo;
  float hi;
  bool missing_follows;
  bool zero_is_missing;
  bool in_categories;
  int categories_begin;  // into the category words; -1 for numerical edges
  int categories_size;
};

WHYREC_HOST_DEVICE inline bool MeetsCondition(const FeatureCondition& c,
                                              const uint32_t* category_words, float x) {
  if (TakesDefault(x, c.zero_is_missing)) return c.missing_follows;
  if (c.categories_begin >= 0) {
    return InCategorySet(category_words + c.categories_begin, c.categories_size, x) ==
           c.in_categories;
  }
  return x >= c.lo && x < c.hi;
}

// One player on a leaf's path: a row follows the path's edges on this player's features when it
// meets conditions [conditions_begin, conditions_end); zero_fraction is the share of training
// cover that followed those edges (the product of child/parent cover ratios).
struct PathPlayer {
  int player;
  double zero_fraction;
  int conditions_begin;
  int conditions_end;
};

// Whether `row` meets all the conditions of path player p.
WHYREC_HOST_DEVICE inline bool FollowsPlayer(const PathPlayer& p,
                                             const FeatureCondition* conditions,
                                             const uint32_t* category_words, const float* row) {
  for (int c = p.conditions_begin; c < p.conditions_end; ++c) {
    const FeatureCondition& condition = conditions[c];
    if (!MeetsCondition(condition, category_words, row[condition.feature])) return false;
  }
  return true;
}

// Path-dependent contributions of one leaf to the k players of its path. With z_j the zero
// fractions and H the players the row follows (hot), C the others, the leaf's game is
// v(S) = value * prod_{j in S} [j in H] * prod_{j not in S} z_j, and
//   P(t) = prod_{j in C} z_j * prod_{j in H} (t + z_j),   L_n(P) = sum_s weight(s, n) [t^s] P
// give every cold player -value * L_n(P), and hot player i value * (1 - z_i) * L_n(P/(t+z_i)).
// The quotient comes from synthetic division from the leading coefficient, which is stable
// because 0 <= z_i <= 1; nothing divides by a cover fraction. `weight` is weight(., k) and
// `poly` scratch for k + 1 coefficients; out receives k values.
WHYREC_HOST_DEVICE inline void PathLeafContributions(double value, const double* zero_fraction,
                                                     const char* hot, int k, const double* weight,
                                                     double* poly, double* out) {
  for (int s = 0; s <= k; ++s) poly[s] = 0.0;
  poly[0] = 1.0;
  for (int j = 0; j < k; ++j) {
    if (!hot[j]) poly[0] *= zero_fraction[j];
  }
  int h = 0;
  for (int j = 0; j < k; ++j) {
    if (!hot[j]) continue;
    const double z = zero_fraction[j];
    for (int s = h + 1; s >= 1; --s) poly[s] = poly[s - 1] + z * poly[s];
    poly[0] *= z;
    ++h;
  }
  double cold = 0;
  if (h < k) {
    for (int s = 0; s <= h; ++s) cold += weight[s] * poly[s];
    cold *= -value;
  }
  for (int i = 0; i < k; ++i) {
    if (!hot[i]) {
      out[i] = cold;
      continue;
    }
    const double z = zero_fraction[i];
    double quotient = poly[h], sum = 0;
    for (int s = h - 1; s >= 0; --s) {
      sum += weight[s] * quotient;
      quotient = poly[s] - z * quotient;
    }
    out[i] = value * (1 - z) * sum;
  }
}

// Interventional contributions of one leaf, one background row at a time: a background row b
// counts only if it follows every player the row does not (B, which must stay absent); the
// players the row follows and b does not (A) must be present, and the game value * [A in S,
// B out of S] gives weight(|A|-1, n) to A and -weight(|A|, n) to B, n = |A| + |B|.
// `background_follows` holds background_rows x k flags, `weights` is weight(s, n) at
// n * weight_stride + s; out receives k values.
WHYREC_HOST_DEVICE inline void InterventionalLeafContributions(
    double value, const char* hot, int k, const char* background_follows, int background_rows,
    const double* background_weights, const double* weights, int weight_stride, double* out) {
  int absent_size = 0;
  for (int j = 0; j < k; ++j) {
    absent_size += !hot[j];
    out[j] = 0.0;
  }
  double absent_total = 0;
  const char* background = background_follows;
  for (int b = 0; b < background_rows; ++b, background += k) {
    int present_size = 0;
    bool counts = true;
    for (int j = 0; j < k && counts; ++j) {
      counts = hot[j] || background[j];
      present_size += hot[j] && !background[j];
    }
    const int n = present_size + absent_size;
    if (!counts || n == 0) continue;
    const double w = background_weights[b] * value;
    if (present_size > 0) {
      const double each = w * weights[n * weight_stride + present_size - 1];
      for (int j = 0; j < k; ++j) {
        if (hot[j] && !background[j]) out[j] += each;
      }
    }
    if (absent_size > 0) absent_total += w * weights[n * weight_stride + present_size];
  }
  for (int j = 0; j < k; ++j) {
    if (!hot[j]) out[j] -= absent_total;
  }
}

}  // namespace whyrec
