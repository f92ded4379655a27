#include "core/explain/settings.h"

#include <cmath>
#include <stdexcept>

namespace whyrec {
namespace {

std::string Quote(const std::string& key) { return "setting '" + key + "'"; }

}  // namespace

Settings::Settings(const nlohmann::ordered_json& json) : json_(json) {
  if (!json_.is_object() && !json_.is_null()) {
    throw std::invalid_argument("settings must be a JSON object");
  }
}

bool Settings::Has(const std::string& key) const {
  return json_.is_object() && json_.contains(key) && !json_[key].is_null();
}

int64_t Settings::Int(const std::string& key, int64_t fallback, int64_t min, int64_t max) const {
  if (!Has(key)) return fallback;
  const auto& value = json_[key];
  const std::string range = "an integer >= " + std::to_string(min) +
                            (max == INT64_MAX ? "" : " and <= " + std::to_string(max));
  if (!value.is_number_integer()) {
    throw std::invalid_argument(Quote(key) + " must be " + range + ", got " + value.dump());
  }
  const int64_t x = value.get<int64_t>();
  if (x < min || x > max) {
    throw std::invalid_argument(Quote(key) + " must be " + range + ", got " + value.dump());
  }
  return x;
}

double Settings::Number(const std::string& key, double fallback, double min, double max) const {
  if (!Has(key)) return fallback;
  const auto& value = json_[key];
  const double x = value.is_number() ? value.get<double>() : NAN;
  if (!(x >= min && x <= max)) {
    throw std::invalid_argument(Quote(key) + " must be a number in [" + nlohmann::json(min).dump() +
                                ", " + nlohmann::json(max).dump() + "], got " + value.dump());
  }
  return x;
}

std::string Settings::Choice(const std::string& key, const std::string& fallback,
                             const std::vector<std::string>& choices) const {
  if (!Has(key)) return fallback;
  const auto& value = json_[key];
  std::string listed;
  for (const auto& c : choices) {
    if (value.is_string() && value.get<std::string>() == c) return c;
    listed += (listed.empty() ? "" : ", ") + c;
  }
  throw std::invalid_argument(Quote(key) + " must be one of " + listed + ", got " + value.dump());
}

std::optional<uint64_t> Settings::Seed() const {
  if (!Has("seed")) return std::nullopt;
  const auto& value = json_["seed"];
  if (!value.is_number_unsigned() && !(value.is_number_integer() && value.get<int64_t>() >= 0)) {
    throw std::invalid_argument("setting 'seed' must be a non-negative integer, got " +
                                value.dump());
  }
  return value.get<uint64_t>();
}

}  // namespace whyrec
