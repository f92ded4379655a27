#include "native/python/bindings/model_checks.h"

#include <stdexcept>

#include "native/model_features.h"

namespace whyrec {
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
