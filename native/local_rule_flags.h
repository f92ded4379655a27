#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace whyrec {

// The flags of `whyrec explain --method lime|anchors`, named after their JSON settings keys
// (--num-features is num_features). Unset flags leave the core's defaults (lime's and alibi's).
struct LocalRuleFlags {
  std::optional<int64_t> num_samples;
  std::optional<std::string> discretizer;
  std::optional<std::string> feature_selection;
  std::optional<int64_t> num_features;
  std::optional<double> kernel_width;
  std::optional<double> threshold;
  std::optional<double> delta;
  std::optional<double> tau;
  std::optional<int64_t> batch_size;
  std::optional<int64_t> coverage_samples;
  std::optional<int64_t> beam_size;
  std::optional<int64_t> min_support;
  std::optional<int64_t> max_anchor_size;
  std::optional<double> anchor_threshold;
};

void AddLocalRuleFlags(CLI::App* command, LocalRuleFlags& flags);

// Adds the flags that were given to `settings`.
void AddLocalRuleSettings(const LocalRuleFlags& flags, nlohmann::ordered_json& settings);

}  // namespace whyrec
