#pragma once

#include <Eigen/Core>
#include <memory>

#include "core/background.h"
#include "core/explain/explainer.h"
#include "core/explain/settings.h"
#include "core/schema.h"

namespace whyrec {

// LIME and Anchors from the factory's JSON settings (num_samples, discretizer,
// feature_selection, num_features, kernel_width, ridge_alpha; threshold, delta, tau,
// batch_size, coverage_samples, beam_size, max_anchor_size, anchor_threshold; seed,
// max_batch_rows), validated with messages that name the setting.
std::unique_ptr<Explainer> MakeLime(const Settings& settings, const Schema& schema,
                                    const Eigen::VectorXf& instance, const Background& background);
std::unique_ptr<Explainer> MakeAnchors(const Settings& settings, const Schema& schema,
                                       const Eigen::VectorXf& instance,
                                       const Background& background);

}  // namespace whyrec
