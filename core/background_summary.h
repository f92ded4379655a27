#pragma once

#include <cstdint>

#include "core/background.h"

namespace whyrec {

// Replaces a background by k weighted centroids (weighted k-means++ then Lloyd's iterations,
// seeded), each weighted by the total weight of its cluster. Distances use standardized
// features so that no feature dominates by its units; each centroid value is then snapped to the
// nearest value the feature takes in the background (as shap.kmeans does), so binary and
// one-hot columns stay valid. Throws when k < 1 or k exceeds the background's rows.
Background SummarizeBackground(const Background& background, int k, uint64_t seed);

}  // namespace whyrec
