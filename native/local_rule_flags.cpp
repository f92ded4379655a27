#include "native/local_rule_flags.h"

namespace whyrec {

void AddLocalRuleFlags(CLI::App* cmd, LocalRuleFlags& f) {
  const std::string lime = "LIME options";
  const std::string anchors = "Anchors options";
  cmd->add_option("--num-samples", f.num_samples, "lime: neighborhood size (default 5000)")
      ->group(lime);
  cmd->add_option("--discretizer", f.discretizer, "lime: quartile (default), decile or none")
      ->check(CLI::IsMember({"quartile", "decile", "none"}))
      ->group(lime);
  cmd->add_option("--feature-selection", f.feature_selection,
                  "lime: auto (default), forward_selection, highest_weights, lasso_path, none")
      ->check(CLI::IsMember({"auto", "forward_selection", "highest_weights", "lasso_path", "none"}))
      ->group(lime);
  cmd->add_option("--num-features", f.num_features,
                  "lime: K features in the surrogate (default min(10, features))")
      ->group(lime);
  cmd->add_option("--kernel-width", f.kernel_width,
                  "lime: exponential kernel width (default 0.75 * sqrt(features))")
      ->group(lime);
  cmd->add_option("--threshold", f.threshold, "anchors: precision a rule must reach (0.95)")
      ->group(anchors);
  cmd->add_option("--delta", f.delta, "anchors: bounds hold with probability 1 - delta (0.1)")
      ->group(anchors);
  cmd->add_option("--tau", f.tau, "anchors: KL-LUCB tolerance (0.15)")->group(anchors);
  cmd->add_option("--batch-size", f.batch_size, "anchors: samples per rule per round (100)")
      ->group(anchors);
  cmd->add_option("--coverage-samples", f.coverage_samples,
                  "anchors: background rows drawn to measure coverage (10000)")
      ->group(anchors);
  cmd->add_option("--beam-size", f.beam_size, "anchors: rules kept per round (1)")->group(anchors);
  cmd->add_option("--max-anchor-size", f.max_anchor_size, "anchors: most conditions in a rule")
      ->group(anchors);
  cmd->add_option("--min-support", f.min_support,
                  "anchors: distinct background rows a rule must hold on to count as found (10)")
      ->group(anchors);
  cmd->add_option("--anchor-threshold", f.anchor_threshold,
                  "anchors: a row is 'predicted' when its output exceeds this (0.5); with several "
                  "outputs the prediction is the largest one's index")
      ->group(anchors);
}

void AddLocalRuleSettings(const LocalRuleFlags& f, nlohmann::ordered_json& settings) {
  const auto put = [&](const char* key, const auto& value) {
    if (value) settings[key] = *value;
  };
  put("num_samples", f.num_samples);
  put("discretizer", f.discretizer);
  put("feature_selection", f.feature_selection);
  put("num_features", f.num_features);
  put("kernel_width", f.kernel_width);
  put("threshold", f.threshold);
  put("delta", f.delta);
  put("tau", f.tau);
  put("batch_size", f.batch_size);
  put("coverage_samples", f.coverage_samples);
  put("beam_size", f.beam_size);
  put("min_support", f.min_support);
  put("max_anchor_size", f.max_anchor_size);
  put("anchor_threshold", f.anchor_threshold);
}

}  // namespace whyrec
