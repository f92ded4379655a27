#pragma once

#include <cstdint>
#include <string>

#include "core/matrix.h"

namespace whyrec {

// The explained output of a history model: the target item's raw score, or its log-probability
// under a softmax over every scored item (what a next-item model's training loss reads).
enum class ScoreKind { kScore, kLogProb };

ScoreKind ParseScoreKind(const std::string& name);
std::string ScoreKindName(ScoreKind kind);

struct HistoryTarget {
  int64_t item = 0;
  ScoreKind kind = ScoreKind::kScore;
  // Contrastive "why item A above item B": with contrast = B >= 0 the explained value is
  // f(A) - f(B), so the values say what favours A over B. For log_prob the softmax's normalizer
  // cancels: the log-probability difference is the score difference.
  int64_t contrast = -1;
};

// Reads the explained value of each row of item scores (rows x items, column j = item j).
// Throws std::invalid_argument when the target has no column or a score is NaN or infinite
// (a -1e9 sentinel for an item that must never be recommended is fine).
RowMatrixF TargetValues(ConstMatrixView scores, const HistoryTarget& target);

// The index of the highest-scoring item of one row of scores among those not in `excluded`
// (sorted ascending); ties go to the lower id.
int64_t TopItem(const float* scores, int64_t count, const int64_t* excluded,
                int64_t excluded_count);

}  // namespace whyrec
