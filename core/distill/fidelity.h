#pragma once

#include <Eigen/Core>
#include <optional>
#include <vector>

namespace whyrec {

// 1 - sum (t - s)^2 / sum (t - mean t)^2: the share of the teacher's score variance the
// surrogate reproduces. Throws when the teacher is constant (nothing to reproduce).
double RSquared(const Eigen::VectorXd& teacher, const Eigen::VectorXd& surrogate);

struct RankingFidelity {
  int k = 10;
  // Mean over lists longer than k of |top-k by teacher & top-k by surrogate| / k.
  std::optional<double> top_k_agreement;
  int lists_for_top_k = 0;
  // Mean over lists of 2+ items of NDCG@10 of the surrogate's order, the gains being the
  // teacher's graded ranking: its first item 10, second 9, ..., tenth 1, others 0. 1 means the
  // surrogate puts the teacher's top 10 first, in the teacher's order.
  std::optional<double> ndcg_at_10;
  int lists_for_ndcg = 0;
};

// Per-list agreement of the surrogate's ranking with the teacher's; `list` gives each row's
// list (e.g. a user id mapped to an integer). Ties are broken by row order.
RankingFidelity MeasureRanking(const Eigen::VectorXd& teacher, const Eigen::VectorXd& surrogate,
                               const std::vector<int>& list, int k = 10);

}  // namespace whyrec
