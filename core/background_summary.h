#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>

#include "core/background.h"

namespace whyrec {

// Replaces a background by k weighted centroids (weighted k-means++ then Lloyd's iterations,
// seeded), each weighted by the total weight of its cluster. Distances use standardized
// features so that no feature dominates by its units; each centroid value is then snapped to the
// nearest value the feature takes in the background (as shap.kmeans does), so binary and
// one-hot columns stay valid. Throws when k < 1 or k exceeds the background's rows.
Background SummarizeBackground(const Background& background, int k, uint64_t seed);

// The background the settings ask for: summarized to settings.background_summary centroids
// (seeded by settings.seed) when that is given, else unchanged.
Background BackgroundForSettings(Background background, const nlohmann::ordered_json& settings);

}  // namespace whyrec
