#include "native/python/bindings/model_checks.h"

#include <stdexcept>

#include "core/models/linear_model.h"
#include "core/models/tree_ensemble.h"

namespace whyrec {
namespace {

// The names a model reads its inputs by, or none when it does not name them.
std::vector<std::string> ModelFeatureNames(const Model& model) {
  if (const auto* linear = dynamic_cast<const LinearModel*>(&model)) {
    return linear->feature_names();
  }
  if (const auto* trees = dynamic_cast<const TreeEnsemble*>(&model)) {
    std::vector<std::string> names = trees->feature_names();
    for (size_t c = 0; c < names.size(); ++c) {
      // XGBoost models saved without names call their features f0, f1, ...
      if (names[c] == "f" + std::to_string(c)) names[c].clear();
    }
    return names;
  }
  return {};
}

}  // namespace

void RequireModelFeatures(const Model& model, const std::vector<std::string>& feature_names,
                          const std::string& path) {
  const int expected = model.input_width();
  const int got = static_cast<int>(feature_names.size());
  if (expected >= 0 && expected != got) {
    throw std::invalid_argument("the model " + path + " expects " + std::to_string(expected) +
                                " inputs, got " + std::to_string(got) + " features");
  }
  const std::vector<std::string> names = ModelFeatureNames(model);
  for (size_t c = 0; c < names.size() && c < feature_names.size(); ++c) {
    if (!names[c].empty() && names[c] != feature_names[c]) {
      throw std::invalid_argument("the model's feature " + std::to_string(c + 1) + " is '" +
                                  names[c] + "' but feature " + std::to_string(c + 1) + " is '" +
                                  feature_names[c] + "'");
    }
  }
}

}  // namespace whyrec
