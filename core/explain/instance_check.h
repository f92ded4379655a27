#pragma once

#include <Eigen/Core>
#include <string>

#include "core/background.h"
#include "core/schema.h"

namespace whyrec {

// Throws std::invalid_argument unless the instance and the background have the schema's width
// and the instance has no infinite value (naming the first bad feature). NaN, a missing value,
// is allowed: model-agnostic methods pass it to the model.
void RequireInstanceFits(const Schema& schema, const Eigen::VectorXf& instance,
                         const Background& background);

// RequireInstanceFits, and no missing value in the instance or the background either: for the
// methods that sample from the background's distributions (`method` names one in the error).
void RequireCompleteInstance(const Schema& schema, const Eigen::VectorXf& instance,
                             const Background& background, const std::string& method);

}  // namespace whyrec
