#pragma once

#include <Eigen/Core>

#include "core/background.h"
#include "core/explain/explanation.h"
#include "core/models/linear_model.h"
#include "core/schema.h"

namespace whyrec {

// Interventional Shapley values of a linear model in margin space, in closed form:
// phi_g = sum over j in g of w_j (x_j - E_bg[x_j]). No model evaluation.
Explanation LinearShap(const LinearModel& model, const Schema& schema,
                       const Eigen::VectorXf& instance, const Background& background);

}  // namespace whyrec
