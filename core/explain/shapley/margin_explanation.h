#pragma once

#include <Eigen/Core>
#include <string>

#include "core/explain/explanation.h"
#include "core/schema.h"

namespace whyrec {

// A closed form's explanation in margin space, from one value per feature of `schema`: a player
// gets the sum of its features' values (exact for the closed forms that use it: a linear model's
// terms and a GA2M's are games of one feature or of a pair, so a pair inside one player is that
// player's main effect), with no standard errors and no model evaluations.
Explanation MarginExplanation(std::string method, const Schema& schema,
                              const Eigen::VectorXd& per_feature, double base_value,
                              double model_output, int background_rows);

}  // namespace whyrec
