#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace whyrec {

// Typed, validated access to a JSON object of method settings. Errors name the setting and what
// was expected, e.g. "setting 'budget' must be an integer >= 1, got -3".
class Settings {
 public:
  explicit Settings(const nlohmann::ordered_json& json);

  int64_t Int(const std::string& key, int64_t fallback, int64_t min, int64_t max = INT64_MAX) const;
  double Number(const std::string& key, double fallback, double min, double max) const;
  std::string Choice(const std::string& key, const std::string& fallback,
                     const std::vector<std::string>& choices) const;
  std::optional<uint64_t> Seed() const;
  bool Has(const std::string& key) const;

 private:
  const nlohmann::ordered_json& json_;
};

}  // namespace whyrec
