#pragma once

#include <functional>

#include "core/explain/explainer.h"

namespace whyrec {

using Evaluate = std::function<RowMatrixF(ConstMatrixView rows)>;

// The ask/tell loop: evaluates every batch the explainer asks for, then returns its result.
Explanation Drive(Explainer& explainer, const Evaluate& evaluate);

}  // namespace whyrec
