#pragma once

#include <Eigen/Core>

#include "core/background.h"
#include "core/schema.h"

namespace whyrec {

// Throws std::invalid_argument unless the instance and the background have the schema's width
// and the instance is finite (naming the first bad feature).
void RequireInstanceFits(const Schema& schema, const Eigen::VectorXf& instance,
                         const Background& background);

}  // namespace whyrec
