#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "core/explain/sequence/history.h"
#include "core/matrix.h"

// A small next-item "model" over fixed-length id rows for tests: each position adds an
// item-to-item weight scaled by its position (so re-padding matters), and items 2 and 3 together
// add an interaction, so attributions are not additive. Item 0 is padding, item 9 a mask token.
namespace whyrec::testing {

constexpr int kToyItems = 10;

inline double ToyScore(const int64_t* ids, int length, int item) {
  double score = 0.1 * item;
  bool two = false, three = false;
  for (int p = 0; p < length; ++p) {
    const int64_t id = ids[p];
    if (id == 0) continue;
    if (id == 9) {
      score += 0.05;
      continue;
    }
    score += std::sin(3.0 * id + item) * (1.0 + 0.1 * p);
    two |= id == 2;
    three |= id == 3;
  }
  if (two && three) score += 1.5 * std::cos(item);
  return score;
}

inline RowMatrixF ToyScores(const IdBatch& ids) {
  RowMatrixF scores(ids.rows(), kToyItems);
  for (Eigen::Index r = 0; r < ids.rows(); ++r) {
    for (int t = 0; t < kToyItems; ++t) {
      scores(r, t) = static_cast<float>(ToyScore(ids.row(r).data(), ids.cols(), t));
    }
  }
  return scores;
}

// Drives a history job against the toy model.
template <typename Job>
auto RunToy(Job& job) {
  for (IdBatch ids = job.next(); ids.rows() > 0; ids = job.next()) {
    const RowMatrixF scores = ToyScores(ids);
    job.tell(ConstMatrixView(scores.data(), scores.rows(), scores.cols()));
  }
  return job.result();
}

}  // namespace whyrec::testing
