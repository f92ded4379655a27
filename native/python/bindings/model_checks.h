#pragma once

#include <string>
#include <vector>

#include "core/models/model.h"

namespace whyrec {

// Throws std::invalid_argument unless `feature_names` fit the model loaded from `path`: as many
// as its inputs, and the same names, in order, where the model names its features (a linear
// model JSON; a tree ensemble, except XGBoost's unnamed f0, f1, ...: ModelFeatureNames), as the
// CLI checks its CSV header, whose errors speak of CSV columns.
void RequireModelFeatures(const Model& model, const std::vector<std::string>& feature_names,
                          const std::string& path);

}  // namespace whyrec
