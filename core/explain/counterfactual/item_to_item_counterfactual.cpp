#include "core/explain/counterfactual/item_to_item_counterfactual.h"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "core/explain/counterfactual/counterfactual_explanation.h"
#include "core/explain/counterfactual/counterfactual_search.h"
#include "core/explain/sequence/item_to_item_terms.h"

namespace whyrec {
namespace {

using Json = nlohmann::ordered_json;

constexpr int64_t kRowsPerBatch = 64;

// The search scores items by column, one column per id: item ids (up to 2^53) are renumbered
// densely, the model's targets first in ascending order (so that ties still go to the lower id),
// then the history's other items, then one padding id.
class DenseIds {
 public:
  DenseIds(const ItemToItemModel& model, const std::vector<int64_t>& history) {
    for (const auto& [item, unused] : model.targets) Add(item);
    targets_ = static_cast<int64_t>(original_.size());
    for (int64_t item : history) Add(item);
    pad_ = static_cast<int64_t>(original_.size());
  }

  int64_t Of(int64_t item) const { return dense_.at(item); }
  int64_t Original(int64_t dense) const { return original_[static_cast<size_t>(dense)]; }
  std::vector<int64_t> Of(const std::vector<int64_t>& items) const { return Map(items, true); }
  std::vector<int64_t> Original(const std::vector<int64_t>& ids) const { return Map(ids, false); }
  bool IsTarget(int64_t item) const {
    const auto at = dense_.find(item);
    return at != dense_.end() && at->second < targets_;
  }
  int64_t pad() const { return pad_; }
  int64_t columns() const { return pad_ + 1; }

 private:
  void Add(int64_t item) {
    if (dense_.emplace(item, static_cast<int64_t>(original_.size())).second) {
      original_.push_back(item);
    }
  }
  std::vector<int64_t> Map(const std::vector<int64_t>& ids, bool to_dense) const {
    std::vector<int64_t> out;
    for (int64_t id : ids) out.push_back(to_dense ? Of(id) : Original(id));
    return out;
  }

  std::unordered_map<int64_t, int64_t> dense_;
  std::vector<int64_t> original_;
  int64_t targets_ = 0;
  int64_t pad_ = 0;
};

// The search's config: the settings with the history laid out as it is (no padding but the id
// the search writes for removed items), removal only.
Json SearchConfig(const Json& settings, size_t length, int64_t pad, int64_t target) {
  if (settings.contains("counterfactual") && settings["counterfactual"] != "remove") {
    throw std::invalid_argument(
        "counterfactual 'add' does not apply to a distilled history model: it removes history "
        "items");
  }
  for (const char* fixed : {"history_length", "pad_id", "pad_side", "mask_id", "absence", "target",
                            "num_items", "output", "contrast", "candidates", "candidate_names"}) {
    if (settings.contains(fixed)) {
      throw std::invalid_argument(std::string("setting '") + fixed +
                                  "' does not apply to a distilled history model's counterfactual");
    }
  }
  Json config = settings;
  config["history_length"] = length;
  config["pad_id"] = pad;
  config["target"] = target;
  config["counterfactual"] = "remove";
  return config;
}

}  // namespace

Explanation ItemToItemCounterfactual(const ItemToItemModel& model,
                                     const std::vector<int64_t>& history, int64_t target,
                                     const nlohmann::ordered_json& settings) {
  if (!settings.is_object()) throw std::invalid_argument("settings must be a JSON object");
  if (history.empty()) throw std::invalid_argument("the history is empty");
  const DenseIds ids(model, history);
  if (!ids.IsTarget(target)) {
    throw std::invalid_argument(
        "target " + std::to_string(target) +
        " is not an item the model recommends (it stores no weights for it)");
  }
  const int64_t most = *std::max_element(history.begin(), history.end());
  // Described in the history's own ids; searched in the dense ones.
  const CounterfactualConfig described = ParseCounterfactualConfig(
      SearchConfig(settings, history.size(), std::max(most, target) + 1, target), history);
  // The search's own checks of the whole history, here in the history's ids: one more than the
  // top k tells whether any item could take the target's place.
  const int k = static_cast<int>(described.k);
  const ItemToItemTop top = ItemToItemTopTargets(model, history, k + 1);
  if (static_cast<int>(top.items.size()) <= k) {
    throw std::invalid_argument("k = " + std::to_string(k) + " but the model can show only " +
                                std::to_string(top.items.size()) +
                                " items to this history: the target cannot leave the top " +
                                std::to_string(k));
  }
  if (std::find(top.items.begin(), top.items.begin() + k, target) == top.items.begin() + k) {
    throw std::invalid_argument("the target item " + std::to_string(target) +
                                " is not in the top " + std::to_string(k) +
                                " of the whole history: no removal can take it out");
  }
  Json dense_config = SearchConfig(settings, history.size(), ids.pad(), ids.Of(target));
  dense_config["num_items"] = ids.columns();
  // Each row scores every item: fewer rows at a time than a history model's batches.
  if (!settings.contains("max_batch_rows")) dense_config["max_batch_rows"] = kRowsPerBatch;
  CounterfactualSearch search(ParseCounterfactualConfig(dense_config, ids.Of(history)));
  const float lowest = std::numeric_limits<float>::lowest();  // items the model never shows
  for (IdBatch batch = search.next(); batch.rows() > 0; batch = search.next()) {
    RowMatrixF scores = RowMatrixF::Constant(batch.rows(), ids.columns(), lowest);
    for (Eigen::Index r = 0; r < batch.rows(); ++r) {
      std::vector<int64_t> edited;
      for (Eigen::Index p = 0; p < batch.cols(); ++p) {
        if (batch(r, p) != ids.pad()) edited.push_back(ids.Original(batch(r, p)));
      }
      const ItemToItemScores scored = ItemToItemScoresOutside(model, edited);
      for (size_t i = 0; i < scored.items.size(); ++i) {
        scores(r, ids.Of(scored.items[i])) = static_cast<float>(scored.score[i]);
      }
    }
    try {
      search.tell(ConstMatrixView(scores.data(), scores.rows(), scores.cols()));
    } catch (const std::invalid_argument&) {
      // The exact scores put the target in the top k (checked above); the search's float scores
      // of the whole history did not.
      throw std::invalid_argument("the target item " + std::to_string(target) + " is in the top " +
                                  std::to_string(k) +
                                  " by a margin below float precision (a tie): no counterfactual");
    }
  }
  Counterfactual found = search.result();
  found.history = ids.Original(found.history);
  found.top_before = ids.Original(found.top_before);
  found.top_after = ids.Original(found.top_after);
  return CounterfactualExplanation(described, found);
}

}  // namespace whyrec
