#include "bench/shap_kernel_reference.h"

#include <cmath>
#include <map>
#include <numeric>

#include "core/explain/shapley/kernel_regression.h"

namespace whyrec {
namespace {

double Choose(int n, int k) {
  return std::round(
      std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0)));
}

}  // namespace

ShapKernelReference::ShapKernelReference(const Schema& schema, const Eigen::VectorXf& instance,
                                         const Background& background, int64_t nsamples,
                                         uint64_t seed)
    : schema_(schema),
      players_(schema.num_players()),
      queue_(schema, instance, background, Link::kIdentity, 65536) {
  const int m = players_;
  queue_.Push(std::vector<uint8_t>(m, 0));
  queue_.Push(std::vector<uint8_t>(m, 1));
  const int num_sizes = (m - 1 + 1) / 2;  // ceil((M - 1) / 2)
  const int num_paired = (m - 1) / 2;
  std::vector<double> weight(num_sizes);
  for (int s = 1; s <= num_sizes; ++s) weight[s - 1] = (m - 1.0) / (s * (m - s));
  for (int i = 0; i < num_paired; ++i) weight[i] *= 2;
  const double total = std::accumulate(weight.begin(), weight.end(), 0.0);
  for (double& w : weight) w /= total;

  int full = 0;
  double left = static_cast<double>(nsamples);
  std::vector<double> remaining = weight;
  for (int s = 1; s <= num_sizes; ++s) {
    double subsets = Choose(m, s);
    if (s <= num_paired) subsets *= 2;
    if (left * remaining[s - 1] / subsets < 1.0 - 1e-8) break;
    ++full;
    left -= subsets;
    if (remaining[s - 1] < 1.0) {
      const double r = remaining[s - 1];
      for (double& w : remaining) w /= (1 - r);
    }
    double w = weight[s - 1] / Choose(m, s);
    if (s <= num_paired) w /= 2;
    std::vector<int> pick(s);
    std::iota(pick.begin(), pick.end(), 0);
    while (true) {
      std::vector<uint8_t> mask(m, 0);
      for (int p : pick) mask[p] = 1;
      Add(mask, w);
      if (s <= num_paired) {
        for (auto& b : mask) b = !b;
        Add(mask, w);
      }
      int i = s - 1;
      while (i >= 0 && pick[i] == m - s + i) --i;
      if (i < 0) break;
      ++pick[i];
      for (int j = i + 1; j < s; ++j) pick[j] = pick[j - 1] + 1;
    }
  }
  const size_t fixed = weights_.size();
  int64_t samples_left = nsamples - static_cast<int64_t>(fixed);
  if (full != num_sizes && samples_left > 0) {
    std::vector<double> p = weight;
    for (int i = 0; i < num_paired; ++i) p[i] /= 2;
    p.erase(p.begin(), p.begin() + full);
    const double sum = std::accumulate(p.begin(), p.end(), 0.0);
    Random random(seed);
    std::map<std::vector<uint8_t>, size_t> used;
    for (int64_t draws = 0;
         samples_left > 0 && draws < 4 * (nsamples - static_cast<int64_t>(fixed)); ++draws) {
      double u = random.Uniform() * sum;
      size_t ind = 0;
      while (ind + 1 < p.size() && u >= p[ind]) u -= p[ind++];
      const int s = static_cast<int>(ind) + full + 1;
      std::vector<int> order(m);
      std::iota(order.begin(), order.end(), 0);
      std::vector<uint8_t> mask(m, 0);
      for (int i = 0; i < s; ++i) {
        std::swap(order[i], order[i + random.Below(static_cast<uint64_t>(m - i))]);
        mask[order[i]] = 1;
      }
      const auto found = used.find(mask);
      const bool fresh = found == used.end();
      size_t index = 0;
      if (fresh) {
        index = weights_.size();
        used[mask] = index;
        --samples_left;
        Add(mask, 1.0);
      } else {
        index = found->second;
        weights_[index] += 1.0;
      }
      if (samples_left > 0 && s <= num_paired) {
        for (auto& b : mask) b = !b;
        if (fresh) {
          --samples_left;
          Add(mask, 1.0);
        } else {
          weights_[index + 1] += 1.0;
        }
      }
    }
    double weight_left = 0;
    for (int i = full; i < num_sizes; ++i) weight_left += weight[i];
    double random_sum = 0;
    for (size_t i = fixed; i < weights_.size(); ++i) random_sum += weights_[i];
    for (size_t i = fixed; i < weights_.size(); ++i) weights_[i] *= weight_left / random_sum;
  }
}

void ShapKernelReference::Add(const std::vector<uint8_t>& mask, double weight) {
  queue_.Push(mask);
  weights_.push_back(weight);
}

RowBatch ShapKernelReference::next() {
  if (queue_.Waiting()) return queue_.NextBatch();
  return RowBatch(0, schema_.width());
}

Explanation ShapKernelReference::result() const {
  const double empty = queue_.value(0, 0);
  std::vector<WeightedCoalition> coalitions;
  for (size_t i = 0; i < weights_.size(); ++i) {
    coalitions.push_back({queue_.coalition(static_cast<int64_t>(i) + 2).data(), weights_[i],
                          queue_.value(static_cast<int64_t>(i) + 2, 0) - empty});
  }
  const KernelEstimate estimate =
      SolveKernelRegression(players_, coalitions, {}, queue_.value(1, 0) - empty);
  Explanation e;
  e.method = "shap-kernel-reference";
  e.player_names = schema_.player_names();
  e.values = estimate.values.transpose();
  e.std_errors = Eigen::MatrixXd::Zero(1, players_);
  e.base_value = Eigen::VectorXd::Constant(1, empty);
  e.model_output = Eigen::VectorXd::Constant(1, queue_.value(1, 0));
  e.evaluations = queue_.rows_evaluated();
  return e;
}

}  // namespace whyrec
