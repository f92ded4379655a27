#include "core/distill/item_to_item_model.h"

#include <algorithm>
#include <cmath>
#include <functional>
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

ItemToItemBuilder::ItemToItemBuilder(std::string source, double decay, double default_bias,
                                     int rank)
    : source_(std::move(source)) {
  if (!std::isfinite(decay)) FailDistilled(source_, "decay must be finite");
  if (decay < 0 || decay > 1) {
    FailDistilled(source_, "decay " + std::to_string(decay) + " is outside [0, 1]");
  }
  if (!std::isfinite(default_bias)) FailDistilled(source_, "default_bias must be finite");
  if (rank < 0) FailDistilled(source_, "rank is not a non-negative integer");
  model_.decay = decay;
  model_.default_bias = default_bias;
  model_.rank = rank;
}

void ItemToItemBuilder::CheckFactors(const std::vector<double>& factors,
                                     const std::function<std::string()>& where) const {
  if (factors.size() != static_cast<size_t>(model_.rank)) {
    FailDistilled(source_, where() + " is not an array of rank (" + std::to_string(model_.rank) +
                               ") numbers");
  }
  for (size_t k = 0; k < factors.size(); ++k) {
    if (!std::isfinite(factors[k])) {
      FailDistilled(source_, where() + "[" + std::to_string(k) + "] must be finite");
    }
  }
}

void ItemToItemBuilder::AddSourceFactors(size_t index, int64_t item, std::vector<double> u) {
  // Messages are made only for a failure: a model holds thousands of factor vectors.
  const auto where = [&] { return "source_factors[" + std::to_string(index) + "]"; };
  CheckFactors(u, [&] { return where() + ".u"; });
  if (!model_.source_factors.emplace(item, std::move(u)).second) {
    FailDistilled(source_, where() + ": source item " + std::to_string(item) + " is listed twice");
  }
}

void ItemToItemBuilder::AddTarget(size_t index, int64_t item, double bias,
                                  std::vector<int64_t> sources, std::vector<double> weights,
                                  std::optional<std::vector<double>> factors) {
  // Messages are made only for a failure: a model holds tens of thousands of pairs.
  const auto where = [&] { return "targets[" + std::to_string(index) + "]"; };
  const auto at = [](size_t k) { return "[" + std::to_string(k) + "]"; };
  if (!std::isfinite(bias)) FailDistilled(source_, where() + ".bias must be finite");
  if (sources.size() != weights.size()) {
    FailDistilled(source_, where() + ": sources and weights are not arrays of one length");
  }
  for (size_t k = 0; k < sources.size(); ++k) {
    if (!std::isfinite(weights[k])) {
      FailDistilled(source_, where() + ".weights" + at(k) + " must be finite");
    }
    if (k > 0 && sources[k] <= sources[k - 1]) {
      FailDistilled(source_, where() + ".sources are not strictly ascending at " + at(k));
    }
  }
  ItemToItemModel::Target t;
  t.bias = bias;
  t.sources = std::move(sources);
  t.weights = std::move(weights);
  if (factors) {
    CheckFactors(*factors, [&] { return where() + ".v"; });
    t.factors = std::move(*factors);
  }
  if (!model_.targets.emplace(item, std::move(t)).second) {
    FailDistilled(source_, where() + ": target item " + std::to_string(item) + " is listed twice");
  }
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
  const auto number = [&](const Json& object, const char* key, const std::string& where) {
    return FiniteNumber(field(object, key, where), source,
                        where == "the model" ? key : where + "." + key);
  };
  int rank = 0;
  if (doc.contains("rank")) {
    const Json& value = doc["rank"];
    if (!value.is_number_integer() || value.get<int>() < 0) {
      FailDistilled(source, "rank is not a non-negative integer");
    }
    rank = value.get<int>();
  }
  ItemToItemBuilder model(source, number(doc, "decay", "the model"),
                          number(doc, "default_bias", "the model"), rank);
  // A factor vector: an array of `rank` numbers (the builder checks them finite).
  const auto factors = [&](const Json& value, const std::string& where) {
    if (!value.is_array() || value.size() != static_cast<size_t>(rank)) {
      FailDistilled(source,
                    where + " is not an array of rank (" + std::to_string(rank) + ") numbers");
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
      model.AddSourceFactors(i, item, factors(field(list[i], "u", where), where + ".u"));
    }
  }
  const Json& targets = field(doc, "targets", "the model");
  if (!targets.is_array()) FailDistilled(source, "targets is not an array");
  for (size_t i = 0; i < targets.size(); ++i) {
    const std::string where = "targets[" + std::to_string(i) + "]";
    const Json& target = targets[i];
    const int64_t item = ItemId(field(target, "item", where), source, where + ".item");
    const Json& sources = field(target, "sources", where);
    const Json& weights = field(target, "weights", where);
    if (!sources.is_array() || !weights.is_array() || sources.size() != weights.size()) {
      FailDistilled(source, where + ": sources and weights are not arrays of one length");
    }
    std::vector<int64_t> ids;
    std::vector<double> w;
    for (size_t k = 0; k < sources.size(); ++k) {
      const std::string at = "[" + std::to_string(k) + "]";
      ids.push_back(ItemId(sources[k], source, where + ".sources" + at));
      w.push_back(FiniteNumber(weights[k], source, where + ".weights" + at));
    }
    std::optional<std::vector<double>> v;
    if (target.contains("v")) v = factors(target["v"], where + ".v");
    model.AddTarget(i, item, number(target, "bias", where), std::move(ids), std::move(w),
                    std::move(v));
  }
  return model.Take();
}

}  // namespace whyrec
