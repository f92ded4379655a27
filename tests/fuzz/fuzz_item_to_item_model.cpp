// Fuzz target for the distilled item-to-item model JSON reader: a model it accepts must write
// itself back to JSON that reads back to the same model, explain a history by terms that add up to
// its score, and rank its targets best first.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/distill/item_to_item_model.h"
#include "core/explain/sequence/item_to_item_terms.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const whyrec::ItemToItemModel model = whyrec::ParseItemToItemJson(
        std::string(reinterpret_cast<const char*>(data), size), "fuzz.json");
    const std::string text = whyrec::ItemToItemJson(model, 17);
    const whyrec::ItemToItemModel again = whyrec::ParseItemToItemJson(text, "written");
    if (whyrec::ItemToItemJson(again, 17) != text) __builtin_trap();
    // A history of the first sources and targets it lists, one item twice.
    std::vector<int64_t> history;
    for (const auto& [item, target] : model.targets) {
      if (history.size() >= 6) break;
      history.push_back(item);
      if (!target.sources.empty()) history.push_back(target.sources.front());
    }
    if (!history.empty()) history.push_back(history.front());
    for (const auto& [item, target] : model.targets) {
      const whyrec::Explanation e = whyrec::ItemToItemTerms(model, history, item, {});
      const double score = e.model_output[0];
      const double gap = e.base_value[0] + e.values.sum() - score;
      if (std::isfinite(score) && std::abs(gap) > 1e-9 * (1 + e.values.cwiseAbs().sum())) {
        __builtin_trap();
      }
      break;
    }
    const whyrec::ItemToItemTop top = whyrec::ItemToItemTopTargets(model, history, 3);
    for (size_t i = 1; i < top.scores.size(); ++i) {
      if (top.scores[i] > top.scores[i - 1]) __builtin_trap();
    }
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
