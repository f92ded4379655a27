#pragma once

#include <cstdint>

#include "core/explain/explanation.h"

namespace whyrec {

// "Why A rather than B" for two rows explained by the same additive method against the same
// background (exact, Kernel and permutation SHAP, Linear SHAP, TreeSHAP): the Shapley values of
// the game v(S) = v_A(S) - v_B(S), whose worth is f(A) - f(B), are A's values minus B's, since
// Shapley values are linear in the game. TreeSHAP of a difference is the difference of TreeSHAP
// values; for a ranker's scores f(A) - f(B) is the pairwise margin. The result's base value is
// f(B), so that the values add up from B's output to A's; standard errors combine as if the two
// estimates were independent. `b_row` is recorded in the settings as "contrast_row". Throws
// std::invalid_argument when the two explanations differ in method, players or outputs.
Explanation Contrast(Explanation a, const Explanation& b, int64_t b_row);

}  // namespace whyrec
