#include "core/distill/distill_settings.h"

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>

namespace whyrec {
namespace {

using Json = nlohmann::json;

std::string Shown(const Json& value) { return value.dump(); }

// A whole number in [low, high]; JSON may write it as 8 or 8.0.
int64_t Integer(const std::string& name, const Json& value, double low, double high) {
  if (!value.is_number() || std::floor(value.get<double>()) != value.get<double>()) {
    throw std::invalid_argument("distill setting \"" + name + "\" must be a whole number, got " +
                                Shown(value));
  }
  const double v = value.get<double>();
  if (v < low || v > high) {
    std::ostringstream range;
    range << "[" << low << ", " << high << "]";
    throw std::invalid_argument("distill setting \"" + name + "\" must be in " + range.str() +
                                ", got " + Shown(value));
  }
  return static_cast<int64_t>(v);
}

double Real(const std::string& name, const Json& value, double low, double high) {
  if (!value.is_number() || !(value.get<double>() >= low && value.get<double>() <= high)) {
    std::ostringstream range;
    range << "[" << low << ", " << high << "]";
    throw std::invalid_argument("distill setting \"" + name + "\" must be a number in " +
                                range.str() + ", got " + Shown(value));
  }
  return value.get<double>();
}

std::string Text(const std::string& name, const Json& value) {
  if (!value.is_string()) {
    throw std::invalid_argument("distill setting \"" + name + "\" must be a string, got " +
                                Shown(value));
  }
  return value.get<std::string>();
}

using Setter = std::function<void(const std::string&, const Json&, DistillOptions&)>;

// The ranges are the CLI's (native/distill_command.cpp).
const std::map<std::string, Setter>& Setters() {
  constexpr double kMaxInt = std::numeric_limits<int>::max();
  static const std::map<std::string, Setter> setters = {
      {"family", [](auto& n, auto& v, auto& o) { o.family = Text(n, v); }},
      {"interactions",
       [](auto& n, auto& v, auto& o) { o.ga2m.interactions = Integer(n, v, 0, 100000); }},
      {"bags", [](auto& n, auto& v, auto& o) { o.ga2m.bags = Integer(n, v, 1, 1000); }},
      {"max_bins", [](auto& n, auto& v, auto& o) { o.ga2m.max_bins = Integer(n, v, 2, 65000); }},
      {"max_pair_bins",
       [](auto& n, auto& v, auto& o) { o.ga2m.max_pair_bins = Integer(n, v, 2, 255); }},
      {"learning_rate",
       [](auto& n, auto& v, auto& o) { o.ga2m.boosting.learning_rate = Real(n, v, 1e-6, 1.0); }},
      {"min_samples_leaf",
       [](auto& n, auto& v, auto& o) {
         o.ga2m.boosting.min_samples_leaf = Integer(n, v, 1, 1000000);
       }},
      {"max_rounds",
       [](auto& n, auto& v, auto& o) { o.ga2m.boosting.max_rounds = Integer(n, v, 1, 1000000); }},
      {"smoothing_rounds",
       [](auto& n, auto& v, auto& o) {
         o.ga2m.boosting.smoothing_rounds = Integer(n, v, 0, 1000000);
       }},
      {"max_terms",
       [kMaxInt](auto& n, auto& v, auto& o) { o.lasso.max_terms = Integer(n, v, 0, kMaxInt); }},
      {"max_depth", [](auto& n, auto& v, auto& o) { o.tree.max_depth = Integer(n, v, 0, 64); }},
      {"min_leaf_rows",
       [](auto& n, auto& v, auto& o) { o.tree.min_leaf_rows = Integer(n, v, 1, 100000000); }},
      {"max_rules",
       [](auto& n, auto& v, auto& o) { o.rule_list.max_rules = Integer(n, v, 0, 1000); }},
      {"max_conditions",
       [](auto& n, auto& v, auto& o) { o.rule_list.max_conditions = Integer(n, v, 1, 16); }},
      {"min_rule_rows",
       [](auto& n, auto& v, auto& o) { o.rule_list.min_rule_rows = Integer(n, v, 1, 100000000); }},
      {"digits", [](auto& n, auto& v, auto& o) { o.digits = Integer(n, v, 3, 17); }},
      {"score_step", [](auto& n, auto& v, auto& o) { o.score_step = Real(n, v, 0.0, 0.1); }},
      {"seed",
       [](auto& n, auto& v, auto& o) {
         o.seed = static_cast<uint64_t>(Integer(n, v, 0, 9007199254740991.0));
       }},
      {"holdout", [](auto& n, auto& v, auto& o) { o.holdout = Real(n, v, 0.01, 0.9); }},
      {"augment", [](auto& n, auto& v, auto& o) { o.augment = Integer(n, v, 0, 100); }},
      {"k", [](auto& n, auto& v, auto& o) { o.k = Integer(n, v, 1, 100000); }},
      {"link",
       [](auto& n, auto& v, auto& o) {
         const std::string name = Text(n, v);
         try {
           o.link = ParseLink(name);
         } catch (const std::invalid_argument& e) {
           throw std::invalid_argument("distill setting \"" + n + "\": " + e.what());
         }
       }},
  };
  return setters;
}

}  // namespace

DistillOptions DistillOptionsFromJson(const Json& settings) {
  if (!settings.is_object()) {
    throw std::invalid_argument("distill settings must be a JSON object, got " + Shown(settings));
  }
  DistillOptions options;
  const auto& setters = Setters();
  for (const auto& [name, value] : settings.items()) {
    if (value.is_null()) continue;  // unset: the default
    const auto it = setters.find(name);
    if (it == setters.end()) {
      std::string known;
      for (const auto& entry : setters) known += (known.empty() ? "" : ", ") + entry.first;
      throw std::invalid_argument("unknown distill setting \"" + name + "\"; known: " + known);
    }
    it->second(name, value, options);
  }
  return options;
}

}  // namespace whyrec
