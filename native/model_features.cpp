#include "native/model_features.h"

#include "core/models/linear_model.h"
#include "core/models/tree_ensemble.h"

namespace whyrec {

std::vector<std::string> ModelFeatureNames(const Model& model) {
  if (const auto* linear = dynamic_cast<const LinearModel*>(&model)) {
    return linear->feature_names();
  }
  if (const auto* trees = dynamic_cast<const TreeEnsemble*>(&model)) {
    std::vector<std::string> names = trees->feature_names();
    for (size_t c = 0; c < names.size(); ++c) {
      if (names[c] == "f" + std::to_string(c)) names[c].clear();
    }
    return names;
  }
  return {};
}

}  // namespace whyrec
