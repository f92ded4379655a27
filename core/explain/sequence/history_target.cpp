#include "core/explain/sequence/history_target.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace whyrec {

ScoreKind ParseScoreKind(const std::string& name) {
  if (name == "score") return ScoreKind::kScore;
  if (name == "log_prob") return ScoreKind::kLogProb;
  throw std::invalid_argument("the explained output must be score or log_prob, got '" + name + "'");
}

std::string ScoreKindName(ScoreKind kind) {
  return kind == ScoreKind::kScore ? "score" : "log_prob";
}

RowMatrixF TargetValues(ConstMatrixView scores, const HistoryTarget& target) {
  if (target.item < 0 || target.item >= scores.cols()) {
    throw std::invalid_argument("the target item " + std::to_string(target.item) +
                                " is not scored: the model scores ids 0.." +
                                std::to_string(scores.cols() - 1));
  }
  if (target.contrast >= scores.cols()) {
    throw std::invalid_argument("the contrast item " + std::to_string(target.contrast) +
                                " is not scored: the model scores ids 0.." +
                                std::to_string(scores.cols() - 1));
  }
  RowMatrixF values(scores.rows(), 1);
  for (Eigen::Index r = 0; r < scores.rows(); ++r) {
    const auto row = scores.row(r);
    if (!row.allFinite()) {
      throw std::invalid_argument("the model returned NaN or infinity in row " + std::to_string(r) +
                                  " of a batch of item scores");
    }
    double value = row[target.item];
    if (target.contrast >= 0) {
      values(r, 0) = static_cast<float>(value - row[target.contrast]);
      continue;
    }
    if (target.kind == ScoreKind::kLogProb) {
      // Log-sum-exp in double precision, shifted by the row's maximum.
      const double top = row.maxCoeff();
      double sum = 0;
      for (Eigen::Index j = 0; j < row.size(); ++j) sum += std::exp(double{row[j]} - top);
      value -= top + std::log(sum);
    }
    values(r, 0) = static_cast<float>(value);
  }
  return values;
}

int64_t TopItem(const float* scores, int64_t count, const int64_t* excluded,
                int64_t excluded_count) {
  int64_t best = -1;
  for (int64_t j = 0; j < count; ++j) {
    if (std::binary_search(excluded, excluded + excluded_count, j)) continue;
    if (best < 0 || scores[j] > scores[best]) best = j;
  }
  if (best < 0) throw std::invalid_argument("every scored item is excluded");
  return best;
}

}  // namespace whyrec
