#include "core/explain/sequence/item_to_item_terms.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <unordered_set>

#include "core/explain/sequence/history.h"

namespace whyrec {

ItemToItemScores ItemToItemScoresOutside(const ItemToItemModel& model,
                                         const std::vector<int64_t>& history) {
  const std::unordered_set<int64_t> held(history.begin(), history.end());
  std::vector<double> z(static_cast<size_t>(model.rank), 0.0);
  std::vector<double> z_abs = z;
  std::vector<double> weight_of(history.size());  // decay^(n - 1 - p)
  double factor = 1;
  for (size_t q = 0; q < history.size(); ++q) {
    const size_t p = history.size() - 1 - q;
    weight_of[p] = factor;
    const auto u = model.source_factors.find(history[p]);
    if (u != model.source_factors.end()) {
      for (int k = 0; k < model.rank; ++k) {
        z[k] += factor * u->second[k];
        z_abs[k] += factor * std::abs(u->second[k]);
      }
    }
    factor *= model.decay;
  }
  ItemToItemScores out;
  for (const auto& [item, target] : model.targets) {
    if (held.count(item) != 0) continue;
    double score = target.bias;
    double bound = std::abs(target.bias);
    for (size_t k = 0; k < target.factors.size(); ++k) {
      score += target.factors[k] * z[k];
      bound += std::abs(target.factors[k]) * z_abs[k];
    }
    for (size_t p = 0; p < history.size() && !target.sources.empty(); ++p) {
      const auto at = std::lower_bound(target.sources.begin(), target.sources.end(), history[p]);
      if (at == target.sources.end() || *at != history[p]) continue;
      const double w = target.weights[at - target.sources.begin()] * weight_of[p];
      score += w;
      bound += std::abs(w);
    }
    out.items.push_back(item);
    out.score.push_back(score);
    out.bound.push_back(bound);
  }
  return out;
}

ItemToItemTop ItemToItemTopTargets(const ItemToItemModel& model,
                                   const std::vector<int64_t>& history, int k) {
  if (k < 1) throw std::invalid_argument("k must be at least 1, got " + std::to_string(k));
  const ItemToItemScores fast = ItemToItemScoresOutside(model, history);
  const size_t count = fast.items.size();
  const size_t kept = std::min(count, static_cast<size_t>(k));
  ItemToItemTop top;
  if (kept == 0) return top;
  // A target is in the exact top k only if its fast score plus its error margin reaches the k-th
  // largest fast score minus its margin: only those are scored exactly, as Score adds the terms.
  const auto margin = [&](size_t i) { return 1e-10 * (1 + fast.bound[i]); };
  std::vector<double> lower(count);
  for (size_t i = 0; i < count; ++i) lower[i] = fast.score[i] - margin(i);
  std::nth_element(lower.begin(), lower.begin() + static_cast<std::ptrdiff_t>(kept - 1),
                   lower.end(), std::greater<double>());
  const double kth = lower[kept - 1];
  std::vector<std::pair<double, int64_t>> scored;
  for (size_t i = 0; i < count; ++i) {
    if (fast.score[i] + margin(i) >= kth) {
      scored.emplace_back(model.Score(history, fast.items[i]), fast.items[i]);
    }
  }
  std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(kept),
                    scored.end(), [](const auto& a, const auto& b) {
                      return a.first > b.first || (a.first == b.first && a.second < b.second);
                    });
  for (size_t i = 0; i < kept; ++i) {
    top.scores.push_back(scored[i].first);
    top.items.push_back(scored[i].second);
  }
  return top;
}

int64_t ItemToItemTopTarget(const ItemToItemModel& model, const std::vector<int64_t>& history) {
  const ItemToItemTop top = ItemToItemTopTargets(model, history, 1);
  if (top.items.empty()) {
    throw std::invalid_argument("the model stores no target outside the history");
  }
  return top.items[0];
}

Explanation ItemToItemTerms(const ItemToItemModel& model, const std::vector<int64_t>& history,
                            int64_t target, const std::vector<std::string>& item_names) {
  if (!item_names.empty() && item_names.size() != history.size()) {
    throw std::invalid_argument("item_names has " + std::to_string(item_names.size()) +
                                " names for a history of " + std::to_string(history.size()) +
                                " items");
  }
  const std::vector<double> terms = model.Contributions(history, target);
  const auto players = static_cast<Eigen::Index>(terms.size());
  Explanation e;
  e.method = "item_to_item";
  e.player_names = UniqueNames(item_names.empty() ? ItemNames(history) : item_names);
  e.values = Eigen::Map<const Eigen::RowVectorXd>(terms.data(), 1, players);
  e.std_errors = Eigen::MatrixXd::Zero(1, players);
  e.base_value = Eigen::VectorXd::Constant(1, model.Bias(target));
  e.model_output = Eigen::VectorXd::Constant(1, model.Score(history, target));
  e.settings = {{"family", "item_to_item"}, {"decay", model.decay}};
  nlohmann::ordered_json positions = nlohmann::ordered_json::array();
  for (size_t p = 0; p < history.size(); ++p) positions.push_back({p});
  e.extra = {{"history", history}, {"target", target}, {"player_items", std::move(positions)}};
  return e;
}

}  // namespace whyrec
