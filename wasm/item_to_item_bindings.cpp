// Embind adaptor for the distilled item-to-item history model (`whyrec distill-history`): its
// explanation of a history's recommendation is its own terms, its top picks and (full core only)
// the counterfactual search on its scores; no model runs in JS. The core holds one such model, read
// by itemToItemLoad(text) and used by the calls after it (JS loads again when it switches models),
// so that JS holds no C++ object to free and a model's text (400 KB for MovieLens's) is not copied
// into the core for every call. Item ids cross as JS numbers (any id below 2^53).
#include <emscripten/bind.h>

#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/explain/counterfactual/item_to_item_counterfactual.h"
#include "core/explain/sequence/history.h"
#include "core/explain/sequence/history_json.h"
#include "core/explain/sequence/item_to_item_terms.h"
#include "wasm/js_bridge.h"

namespace whyrec::wasm {
namespace {

std::optional<ItemToItemModel>& Loaded() {
  static std::optional<ItemToItemModel> model;
  return model;
}

const ItemToItemModel& ModelOf() {
  if (!Loaded()) throw std::logic_error("no item-to-item model is loaded: call itemToItemLoad");
  return *Loaded();
}

// Reads the model; one that fails to read leaves no model loaded.
void ItemToItemLoad(const std::string& text) {
  Guarded([&] {
    Loaded().reset();
    Loaded().emplace(ParseItemToItemJson(text, "the item-to-item model"));
  });
}

std::vector<int64_t> ToItems(const val& items) {
  return ItemIdsFromNumbers(emscripten::convertJSArrayToNumberVector<double>(items));
}

// `target` as an item id, or the model's top pick after `history` when it is undefined or null.
int64_t TargetOf(const ItemToItemModel& model, const std::vector<int64_t>& history,
                 const val& target) {
  if (target.isUndefined() || target.isNull()) return ItemToItemTopTarget(model, history);
  return ItemIdFromNumber(target.isNumber() ? target.as<double>() : NAN, "target");
}

// The history explanation JSON (one history) of `target` after `items` (its top pick when
// `target` is undefined); `names`: strings, one per item, or undefined.
std::string ItemToItemExplainJson(const val& items, const val& target, const val& names) {
  return Guarded([&] {
    const ItemToItemModel& model = ModelOf();
    const std::vector<int64_t> history = ToItems(items);
    const std::vector<std::string> item_names =
        names.isUndefined() || names.isNull() ? std::vector<std::string>{}
                                              : emscripten::vecFromJSArray<std::string>(names);
    const Explanation e =
        ItemToItemTerms(model, history, TargetOf(model, history, target), item_names);
    return HistoryExplanationsToJson({e}, "score").dump();
  });
}

#ifndef WHYREC_WIDGET_CORE
// The history explanation JSON (one history) of the fewest items of `items` whose removal takes
// `target` (the top pick when undefined) out of the model's top k; `settings_text`: JSON of
// ItemToItemCounterfactual's settings (k, budget, beam_width, exhaustive_rows, search,
// item_names).
std::string ItemToItemCounterfactualJson(const val& items, const val& target,
                                         const std::string& settings_text) {
  return Guarded([&] {
    const ItemToItemModel& model = ModelOf();
    const std::vector<int64_t> history = ToItems(items);
    const Json settings = Json::parse(settings_text, nullptr, false);
    if (settings.is_discarded()) throw std::invalid_argument("settings are not valid JSON");
    const Explanation e =
        ItemToItemCounterfactual(model, history, TargetOf(model, history, target), settings);
    return HistoryExplanationsToJson({e}, "score").dump();
  });
}
#endif

// {"items": [...], "scores": [...]}: the model's top `k` targets outside the history, best first.
std::string ItemToItemTopJson(const val& items, int k) {
  return Guarded([&] {
    const ItemToItemTop top = ItemToItemTopTargets(ModelOf(), ToItems(items), k);
    return Json{{"items", top.items}, {"scores", top.scores}}.dump();
  });
}

}  // namespace
}  // namespace whyrec::wasm

EMSCRIPTEN_BINDINGS(whyrec_item_to_item) {
  emscripten::function("itemToItemLoad", &whyrec::wasm::ItemToItemLoad);
  emscripten::function("itemToItemExplain", &whyrec::wasm::ItemToItemExplainJson);
  emscripten::function("itemToItemTop", &whyrec::wasm::ItemToItemTopJson);
  // The search is left out of the widget's distilled core (20 KB gzipped of its 150 KB budget):
  // the engine runs it in the full core.
#ifndef WHYREC_WIDGET_CORE
  emscripten::function("itemToItemCounterfactual", &whyrec::wasm::ItemToItemCounterfactualJson);
#endif
}
