#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <map>
#include <vector>

#include "core/distill/item_to_item_fit.h"

namespace whyrec {

// The low-rank part of the item-to-item surrogate: w(i -> t) = u_i . v_t, so that
// score(t | h) = b_t + z_h . v_t with z_h = sum_p decay^m u_{h_p}. Every target's v_t and every
// history item's u_i are shared by all the rows they appear in: a target seen in a few rows
// still gets weights for every item (what the per-target pairs cannot do).
struct LowRankFactors {
  std::vector<int64_t> sources;  // the items of u's rows, ascending
  Eigen::MatrixXd u;             // sources x rank
  std::map<int64_t, double> bias;
  std::map<int64_t, Eigen::VectorXd> v;  // per target, rank entries
};

// Alternating least squares on `rows` with ridge penalty l2 on u and v (not on the biases):
// given u, each target's (b_t, v_t) is a (rank + 1)-variable least squares; given v, u solves
// one linear system over all rows by conjugate gradient, matrix-free (per history,
// x_h x_h' (x) sum over its targets of v_t v_t'). u starts seeded, small; `iterations` rounds.
LowRankFactors FitLowRankFactors(const ItemToItemData& data, const std::vector<int>& rows,
                                 double decay, int rank, double l2, int iterations, uint64_t seed);

}  // namespace whyrec
