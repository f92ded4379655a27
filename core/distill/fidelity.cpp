#include "core/distill/fidelity.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <stdexcept>

namespace whyrec {
namespace {

// Indices of `rows` by descending score, ties in row order.
std::vector<int> Ranked(const std::vector<int>& rows, const Eigen::VectorXd& score) {
  std::vector<int> order = rows;
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return score[a] > score[b]; });
  return order;
}

double Dcg(const std::vector<int>& order, const std::map<int, double>& gain) {
  double dcg = 0.0;
  for (size_t p = 0; p < order.size() && p < 10; ++p) {
    const auto it = gain.find(order[p]);
    if (it != gain.end()) dcg += it->second / std::log2(p + 2.0);
  }
  return dcg;
}

}  // namespace

double RSquared(const Eigen::VectorXd& teacher, const Eigen::VectorXd& surrogate) {
  if (teacher.size() != surrogate.size() || teacher.size() < 2) {
    throw std::invalid_argument("R^2 needs two or more scores from the teacher and the surrogate");
  }
  const double total = (teacher.array() - teacher.mean()).square().sum();
  if (!(total > 0.0)) {
    throw std::invalid_argument("the teacher's scores are constant: there is nothing to distil");
  }
  return 1.0 - (teacher - surrogate).squaredNorm() / total;
}

RankingFidelity MeasureRanking(const Eigen::VectorXd& teacher, const Eigen::VectorXd& surrogate,
                               const std::vector<int>& list, int k) {
  if (static_cast<Eigen::Index>(list.size()) != teacher.size() ||
      teacher.size() != surrogate.size()) {
    throw std::invalid_argument("ranking fidelity needs one list id per scored row");
  }
  if (k < 1) throw std::invalid_argument("k must be >= 1");
  std::map<int, std::vector<int>> rows_of;
  for (size_t r = 0; r < list.size(); ++r) rows_of[list[r]].push_back(static_cast<int>(r));
  RankingFidelity f;
  f.k = k;
  double top_sum = 0.0, ndcg_sum = 0.0;
  for (const auto& [id, rows] : rows_of) {
    if (rows.size() < 2) continue;
    const std::vector<int> by_teacher = Ranked(rows, teacher);
    const std::vector<int> by_surrogate = Ranked(rows, surrogate);
    std::map<int, double> gain;
    for (size_t p = 0; p < by_teacher.size() && p < 10; ++p) gain[by_teacher[p]] = 10.0 - p;
    ndcg_sum += Dcg(by_surrogate, gain) / Dcg(by_teacher, gain);
    ++f.lists_for_ndcg;
    if (static_cast<int>(rows.size()) <= k) continue;
    std::vector<int> a(by_teacher.begin(), by_teacher.begin() + k);
    std::vector<int> b(by_surrogate.begin(), by_surrogate.begin() + k);
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    std::vector<int> common;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
    top_sum += static_cast<double>(common.size()) / k;
    ++f.lists_for_top_k;
  }
  if (f.lists_for_ndcg > 0) f.ndcg_at_10 = ndcg_sum / f.lists_for_ndcg;
  if (f.lists_for_top_k > 0) f.top_k_agreement = top_sum / f.lists_for_top_k;
  return f;
}

}  // namespace whyrec
