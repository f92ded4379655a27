#include "core/explain/instance_check.h"

#include <cmath>
#include <stdexcept>
#include <string>

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
    if (!std::isfinite(instance[j])) {
      throw std::invalid_argument("the instance's feature '" + schema.features()[j].name + "' is " +
                                  (std::isnan(instance[j]) ? "NaN" : "infinite"));
    }
  }
}

}  // namespace whyrec
