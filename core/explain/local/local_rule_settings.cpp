#include "core/explain/local/local_rule_settings.h"

#include "core/explain/local/anchors.h"
#include "core/explain/local/lime.h"

namespace whyrec {

std::unique_ptr<Explainer> MakeLime(const Settings& s, const Schema& schema,
                                    const Eigen::VectorXf& instance, const Background& background) {
  LimeOptions options;
  options.num_samples = s.Int("num_samples", options.num_samples, 2, 10'000'000);
  const std::string discretizer =
      s.Choice("discretizer", "quartile", {"quartile", "decile", "none"});
  options.discretizer = discretizer == "quartile" ? LimeDiscretizer::kQuartile
                        : discretizer == "decile" ? LimeDiscretizer::kDecile
                                                  : LimeDiscretizer::kNone;
  options.feature_selection =
      FeatureSelectionFromName(s.Choice("feature_selection", "auto", FeatureSelectionNames()));
  if (s.Has("num_features")) {
    options.num_features = static_cast<int>(s.Int("num_features", 0, 1, schema.width()));
  }
  // Positive and finite is checked by Lime itself; here only that it is a number.
  if (s.Has("kernel_width")) options.kernel_width = s.Number("kernel_width", 0, -1e300, 1e300);
  options.ridge_alpha = s.Number("ridge_alpha", options.ridge_alpha, 0, 1e12);
  options.seed = s.Seed().value_or(0);
  options.max_batch_rows = s.Int("max_batch_rows", options.max_batch_rows, 1);
  return std::make_unique<Lime>(schema, instance, background, options);
}

std::unique_ptr<Explainer> MakeAnchors(const Settings& s, const Schema& schema,
                                       const Eigen::VectorXf& instance,
                                       const Background& background) {
  AnchorsOptions options;
  // Open intervals are checked by Anchors itself; here only that they are numbers.
  options.threshold = s.Number("threshold", options.threshold, -1e300, 1e300);
  options.delta = s.Number("delta", options.delta, -1e300, 1e300);
  options.tau = s.Number("tau", options.tau, -1e300, 1e300);
  options.batch_size = s.Int("batch_size", options.batch_size, 1, 1'000'000);
  options.coverage_samples = s.Int("coverage_samples", options.coverage_samples, 1, 10'000'000);
  options.min_samples_start = s.Int("min_samples_start", options.min_samples_start, 1, 1'000'000);
  options.beam_size = static_cast<int>(s.Int("beam_size", options.beam_size, 1, 1000));
  options.min_support = s.Int("min_support", options.min_support, 1, 1'000'000'000);
  options.max_verify_samples =
      s.Int("max_verify_samples", options.max_verify_samples, 1, 10'000'000);
  if (s.Has("max_anchor_size")) {
    options.max_anchor_size = static_cast<int>(s.Int("max_anchor_size", 0, 1, 1000));
  }
  options.anchor_threshold = s.Number("anchor_threshold", options.anchor_threshold, -1e300, 1e300);
  options.seed = s.Seed().value_or(0);
  return std::make_unique<Anchors>(schema, instance, background, options);
}

}  // namespace whyrec
