#include "core/distill/item_to_item_model.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/json_dom.h"
#include "core/models/distilled_json.h"

namespace whyrec {
namespace {

using Json = nlohmann::ordered_json;

Json Rounded(const std::vector<double>& values, int digits) {
  Json out = Json::array();
  for (double v : values) out.push_back(RoundDigits(v, digits));
  return out;
}

int64_t ItemId(const Json& value, const std::string& source, const std::string& where) {
  if (!value.is_number_integer() || value.get<int64_t>() < 0) {
    FailDistilled(source, where + " is not a non-negative integer item id");
  }
  return value.get<int64_t>();
}

}  // namespace

double ItemToItemModel::Bias(int64_t target) const {
  const auto it = targets.find(target);
  return it == targets.end() ? default_bias : it->second.bias;
}

double ItemToItemModel::Weight(int64_t source, int64_t target) const {
  const auto it = targets.find(target);
  if (it == targets.end()) return 0;
  double w = 0;
  const auto u = source_factors.find(source);
  if (u != source_factors.end() && !it->second.factors.empty()) {
    for (int k = 0; k < rank; ++k) w += u->second[k] * it->second.factors[k];
  }
  const auto& s = it->second.sources;
  const auto at = std::lower_bound(s.begin(), s.end(), source);
  return at != s.end() && *at == source ? w + it->second.weights[at - s.begin()] : w;
}

std::vector<double> ItemToItemModel::Contributions(const std::vector<int64_t>& history,
                                                   int64_t target) const {
  const size_t n = history.size();
  std::vector<double> terms(n, 0.0);
  double factor = 1;  // decay^(n - 1 - p), walking from the most recent item back
  for (size_t q = 0; q < n; ++q) {
    const size_t p = n - 1 - q;
    terms[p] = Weight(history[p], target) * factor;
    factor *= decay;
  }
  return terms;
}

double ItemToItemModel::Score(const std::vector<int64_t>& history, int64_t target) const {
  double score = Bias(target);
  for (double term : Contributions(history, target)) score += term;
  return score;
}

int ItemToItemModel::Pairs() const {
  int pairs = 0;
  for (const auto& [item, t] : targets) {
    pairs += static_cast<int>(
        std::count_if(t.weights.begin(), t.weights.end(), [](double w) { return w != 0; }));
  }
  return pairs;
}

int ItemToItemModel::Terms() const {
  int factors = rank * static_cast<int>(source_factors.size());
  for (const auto& [item, t] : targets) factors += static_cast<int>(t.factors.size());
  return static_cast<int>(targets.size()) + Pairs() + factors;
}

std::string ItemToItemJson(const ItemToItemModel& model, int digits) {
  Json doc;
  doc["format"] = "whyrec-distilled";
  doc["version"] = 1;
  doc["family"] = "item_to_item";
  doc["decay"] = RoundDigits(model.decay, digits);
  doc["default_bias"] = RoundDigits(model.default_bias, digits);
  Json targets = Json::array();
  for (const auto& [item, t] : model.targets) {
    Json sources = Json::array(), weights = Json::array();
    for (size_t k = 0; k < t.sources.size(); ++k) {
      const double w = RoundDigits(t.weights[k], digits);
      if (w == 0) continue;  // a pair that rounds to nothing is not a term
      sources.push_back(t.sources[k]);
      weights.push_back(w);
    }
    Json target = {{"item", item},
                   {"bias", RoundDigits(t.bias, digits)},
                   {"sources", std::move(sources)},
                   {"weights", std::move(weights)}};
    if (!t.factors.empty()) target["v"] = Rounded(t.factors, digits);
    targets.push_back(std::move(target));
  }
  doc["targets"] = std::move(targets);
  doc["rank"] = model.rank;
  Json factors = Json::array();
  for (const auto& [item, u] : model.source_factors) {
    factors.push_back({{"item", item}, {"u", Rounded(u, digits)}});
  }
  doc["source_factors"] = std::move(factors);
  return doc.dump();
}

ItemToItemModel ParseItemToItemJson(const std::string& text, const std::string& source) {
  // RapidJSON's lexer: a 400 KB model is mostly numbers, which nlohmann's reads four times as
  // slowly in the widget's core.
  const Json doc = ParseJsonDom(text, source);
  if (!doc.is_object() || doc.value("format", "") != "whyrec-distilled" ||
      doc.value("family", "") != "item_to_item") {
    FailDistilled(source, "not a whyrec-distilled model of family item_to_item");
  }
  const auto field = [&](const Json& object, const char* key, const std::string& where) -> auto& {
    return DistilledField(object, key, source, where);
  };
  ItemToItemModel model;
  model.decay = FiniteNumber(field(doc, "decay", "the model"), source, "decay");
  if (model.decay < 0 || model.decay > 1) {
    FailDistilled(source, "decay " + std::to_string(model.decay) + " is outside [0, 1]");
  }
  model.default_bias =
      FiniteNumber(field(doc, "default_bias", "the model"), source, "default_bias");
  if (doc.contains("rank")) {
    const Json& rank = doc["rank"];
    if (!rank.is_number_integer() || rank.get<int>() < 0) {
      FailDistilled(source, "rank is not a non-negative integer");
    }
    model.rank = rank.get<int>();
  }
  // A factor vector: exactly `rank` finite numbers.
  const auto factors = [&](const Json& value, const std::string& where) {
    if (!value.is_array() || value.size() != static_cast<size_t>(model.rank)) {
      FailDistilled(
          source, where + " is not an array of rank (" + std::to_string(model.rank) + ") numbers");
    }
    std::vector<double> out;
    for (size_t k = 0; k < value.size(); ++k) {
      out.push_back(FiniteNumber(value[k], source, where + "[" + std::to_string(k) + "]"));
    }
    return out;
  };
  if (doc.contains("source_factors")) {
    const Json& list = doc["source_factors"];
    if (!list.is_array()) FailDistilled(source, "source_factors is not an array");
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string where = "source_factors[" + std::to_string(i) + "]";
      const int64_t item = ItemId(field(list[i], "item", where), source, where + ".item");
      if (!model.source_factors.emplace(item, factors(field(list[i], "u", where), where + ".u"))
               .second) {
        FailDistilled(source, where + ": source item " + std::to_string(item) + " is listed twice");
      }
    }
  }
  const Json& targets = field(doc, "targets", "the model");
  if (!targets.is_array()) FailDistilled(source, "targets is not an array");
  for (size_t i = 0; i < targets.size(); ++i) {
    const std::string where = "targets[" + std::to_string(i) + "]";
    const int64_t item = ItemId(field(targets[i], "item", where), source, where + ".item");
    ItemToItemModel::Target t;
    t.bias = FiniteNumber(field(targets[i], "bias", where), source, where + ".bias");
    const Json& sources = field(targets[i], "sources", where);
    const Json& weights = field(targets[i], "weights", where);
    if (!sources.is_array() || !weights.is_array() || sources.size() != weights.size()) {
      FailDistilled(source, where + ": sources and weights are not arrays of one length");
    }
    for (size_t k = 0; k < sources.size(); ++k) {
      const std::string at = "[" + std::to_string(k) + "]";
      t.sources.push_back(ItemId(sources[k], source, where + ".sources" + at));
      t.weights.push_back(FiniteNumber(weights[k], source, where + ".weights" + at));
      if (k > 0 && t.sources[k] <= t.sources[k - 1]) {
        FailDistilled(source, where + ".sources are not strictly ascending at " + at);
      }
    }
    if (targets[i].contains("v")) t.factors = factors(targets[i]["v"], where + ".v");
    if (!model.targets.emplace(item, std::move(t)).second) {
      FailDistilled(source, where + ": target item " + std::to_string(item) + " is listed twice");
    }
  }
  return model;
}

}  // namespace whyrec
