// Embind adaptor for the distilled item-to-item history model (`whyrec distill-history`): its
// explanation of a history's recommendation is its own terms, its top picks and (full core only)
// the counterfactual search on its scores; no model runs in JS. The core holds one such model, read
// by itemToItemLoad(arrays) and used by the calls after it (JS loads again when it switches
// models), so that JS holds no C++ object to free. The model crosses as the document JS parsed, its
// numbers in typed arrays (web/history/item-to-item-arrays.mjs, which checks the document's shape
// and types); its values are checked here as a file's are (ItemToItemBuilder). Reading MovieLens's
// 400 KB text in the core instead took 180-208 ms in Node under a CI run's load. Item ids cross as
// JS numbers (any id below 2^53).
#include <emscripten/bind.h>

#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/distill/item_to_item_model.h"
#include "core/explain/counterfactual/item_to_item_counterfactual.h"
#include "core/explain/sequence/history.h"
#include "core/explain/sequence/history_json.h"
#include "core/explain/sequence/item_to_item_terms.h"
#include "core/models/distilled_json.h"
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

const char kSource[] = "the item-to-item model";

std::vector<double> Numbers(const val& array) {
  return emscripten::convertJSArrayToNumberVector<double>(array);
}

// `value` as an item id; `where()` names it in an error (made only then: a model holds tens of
// thousands of ids).
template <typename Where>
int64_t ItemIdOf(double value, Where where) {
  if (!(value >= 0 && value <= 9007199254740992.0) || value != std::floor(value)) {
    FailDistilled(kSource, where() + " is not a non-negative integer item id");
  }
  return static_cast<int64_t>(value);
}

// values[from, from + count) as a vector.
std::vector<double> Slice(const std::vector<double>& values, size_t from, size_t count) {
  return {values.begin() + from, values.begin() + from + count};
}

// The arrays itemToItemArrays made do not fit together: a caller that did not use it.
void RequireLength(size_t length, size_t expected, const char* what) {
  if (length != expected) {
    throw std::invalid_argument(std::string(kSource) + ": " + what + " hold " +
                                std::to_string(length) + " numbers, not " +
                                std::to_string(expected));
  }
}

// Reads the model from itemToItemArrays(spec); one that fails to read leaves no model loaded.
void ItemToItemLoad(const val& model) {
  Guarded([&] {
    Loaded().reset();
    const int rank = model["rank"].as<int>();
    ItemToItemBuilder builder(kSource, model["decay"].as<double>(),
                              model["defaultBias"].as<double>(), rank);
    const val factors_js = model["sourceFactors"];
    const std::vector<double> source_items = Numbers(factors_js["items"]);
    const std::vector<double> source_factors = Numbers(factors_js["factors"]);
    RequireLength(source_factors.size(), source_items.size() * rank, "source factors");
    for (size_t i = 0; i < source_items.size(); ++i) {
      const auto where = [i] { return "source_factors[" + std::to_string(i) + "].item"; };
      builder.AddSourceFactors(i, ItemIdOf(source_items[i], where),
                               Slice(source_factors, i * rank, rank));
    }
    const val targets = model["targets"];
    const std::vector<double> items = Numbers(targets["items"]);
    const std::vector<double> biases = Numbers(targets["biases"]);
    const std::vector<double> counts = Numbers(targets["counts"]);
    const std::vector<double> sources = Numbers(targets["sources"]);
    const std::vector<double> weights = Numbers(targets["weights"]);
    const std::vector<double> has_factors = Numbers(targets["hasFactors"]);
    const std::vector<double> factors = Numbers(targets["factors"]);
    RequireLength(biases.size(), items.size(), "target biases");
    RequireLength(counts.size(), items.size(), "target counts");
    RequireLength(has_factors.size(), items.size(), "target factor flags");
    size_t pairs = 0;
    size_t with_factors = 0;
    for (size_t i = 0; i < items.size(); ++i) {
      pairs += static_cast<size_t>(counts[i]);
      with_factors += has_factors[i] != 0;
    }
    RequireLength(sources.size(), pairs, "target sources");
    RequireLength(weights.size(), pairs, "target weights");
    RequireLength(factors.size(), with_factors * rank, "target factors");
    size_t pair = 0;
    size_t factor = 0;
    for (size_t i = 0; i < items.size(); ++i) {
      const auto where = [i] { return "targets[" + std::to_string(i) + "]"; };
      const size_t count = static_cast<size_t>(counts[i]);
      std::vector<int64_t> ids(count);
      for (size_t k = 0; k < count; ++k) {
        ids[k] = ItemIdOf(sources[pair + k],
                          [&] { return where() + ".sources[" + std::to_string(k) + "]"; });
      }
      std::optional<std::vector<double>> v;
      if (has_factors[i] != 0) {
        v = Slice(factors, factor, rank);
        factor += rank;
      }
      builder.AddTarget(i, ItemIdOf(items[i], [&] { return where() + ".item"; }), biases[i],
                        std::move(ids), Slice(weights, pair, count), std::move(v));
      pair += count;
    }
    Loaded().emplace(builder.Take());
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
