#pragma once

#include <string>
#include <string_view>

#include "core/models/tree_ensemble.h"

namespace whyrec {

// True when `text` looks like XGBoost's save_model() JSON (an object with a "learner").
bool LooksLikeXgboostJson(std::string_view text);

// Parses XGBoost's JSON model format (XGBoost >= 1.0, gbtree booster, numeric splits).
// base_score is read from learner_model_param and turned into a margin by the objective's link
// (logit for binary:logistic, log for count:poisson, identity for regression and ranking);
// multi:softprob gives one output per class. Feature names come from the file or are XGBoost's
// defaults f0, f1, .... Throws std::invalid_argument naming `source`, the field, tree and node.
TreeEnsemble ParseXgboostJson(std::string_view text, const std::string& source);

}  // namespace whyrec
