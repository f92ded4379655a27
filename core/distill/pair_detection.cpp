#include "core/distill/pair_detection.h"

#include <algorithm>

#include "core/distill/leaf_sums.h"

namespace whyrec {
namespace {

double PairGain(const std::vector<uint16_t>& a_bins, int a_count,
                const std::vector<uint16_t>& b_bins, int b_count, const Eigen::VectorXd& residual) {
  // Prefix sums over the (a, b) histogram: prefix(i, j) covers bins a < i, b < j.
  Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(a_count + 1, b_count + 1);
  Eigen::MatrixXd count = Eigen::MatrixXd::Zero(a_count + 1, b_count + 1);
  for (Eigen::Index r = 0; r < residual.size(); ++r) {
    sum(a_bins[r] + 1, b_bins[r] + 1) += residual[r];
    count(a_bins[r] + 1, b_bins[r] + 1) += 1.0;
  }
  for (int i = 1; i <= a_count; ++i) {
    for (int j = 1; j <= b_count; ++j) {
      sum(i, j) += sum(i - 1, j) + sum(i, j - 1) - sum(i - 1, j - 1);
      count(i, j) += count(i - 1, j) + count(i, j - 1) - count(i - 1, j - 1);
    }
  }
  const double total_sum = sum(a_count, b_count), total_count = count(a_count, b_count);
  double best = Explained(total_sum, total_count);
  for (int i = 1; i < a_count; ++i) {
    for (int j = 1; j < b_count; ++j) {
      const double s_ll = sum(i, j), c_ll = count(i, j);
      const double s_lh = sum(i, b_count) - s_ll, c_lh = count(i, b_count) - c_ll;
      const double s_hl = sum(a_count, j) - s_ll, c_hl = count(a_count, j) - c_ll;
      const double s_hh = total_sum - s_ll - s_lh - s_hl;
      const double c_hh = total_count - c_ll - c_lh - c_hl;
      best = std::max(best, Explained(s_ll, c_ll) + Explained(s_lh, c_lh) + Explained(s_hl, c_hl) +
                                Explained(s_hh, c_hh));
    }
  }
  return best - Explained(total_sum, total_count);
}

}  // namespace

std::vector<PairStrength> RankPairs(const std::vector<std::vector<uint16_t>>& bins,
                                    const std::vector<int>& bin_counts,
                                    const Eigen::VectorXd& residual) {
  std::vector<PairStrength> pairs;
  const int d = static_cast<int>(bins.size());
  for (int i = 0; i < d; ++i) {
    for (int j = i + 1; j < d; ++j) {
      pairs.push_back({i, j, PairGain(bins[i], bin_counts[i], bins[j], bin_counts[j], residual)});
    }
  }
  std::stable_sort(pairs.begin(), pairs.end(),
                   [](const PairStrength& a, const PairStrength& b) { return a.gain > b.gain; });
  return pairs;
}

}  // namespace whyrec
