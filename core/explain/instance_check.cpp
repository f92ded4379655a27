#include "core/explain/instance_check.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "core/missing_values.h"

namespace whyrec {

void RequireInstanceFits(const Schema& schema, const Eigen::VectorXf& instance,
                         const Background& background) {
  if (instance.size() != schema.width()) {
    throw std::invalid_argument("the instance has " + std::to_string(instance.size()) +
                                " values but the schema has " + std::to_string(schema.width()) +
                                " features");
  }
  if (background.width() != schema.width()) {
    throw std::invalid_argument("the background has " + std::to_string(background.width()) +
                                " columns but the schema has " + std::to_string(schema.width()) +
                                " features");
  }
  for (int j = 0; j < instance.size(); ++j) {
    if (std::isinf(instance[j])) {
      throw std::invalid_argument("the instance's feature '" + schema.features()[j].name +
                                  "' is infinite (a missing value is NaN)");
    }
  }
}

void RequireCompleteInstance(const Schema& schema, const Eigen::VectorXf& instance,
                             const Background& background, const std::string& method) {
  RequireInstanceFits(schema, instance, background);
  const std::string refusal = method +
                              " samples from the background's distributions and cannot take a "
                              "missing value (impute it, or use a Shapley method)";
  const std::vector<std::string> names = schema.feature_names();
  RequireComplete(instance.transpose(), names, "the instance's", refusal);
  RequireComplete(background.rows(), names, "background", refusal);
}

}  // namespace whyrec
