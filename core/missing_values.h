#pragma once

#include <string>
#include <vector>

#include "core/matrix.h"

namespace whyrec {

// A missing value is NaN everywhere in the core (an empty CSV cell, NaN or null in the JS API).
// Trees route it as the model says; model-agnostic methods pass it to the model. What cannot
// take one (a linear model, LIME's and Anchors' sampling, k-means, ALE's bins) asks for
// complete rows with RequireComplete, so that no NaN leaks silently into a result.

// Ends "the model returned NaN" errors: a missing value passed to the model is the likely cause.
inline constexpr char kModelNanHint[] =
    " (missing values reach the model as NaN: impute them if the model cannot take them)";

// Throws std::invalid_argument naming the first infinite cell of `what` ("background"):
// infinity is never a missing value.
void RequireNoInfinity(const RowMatrixF& matrix, const std::string& what);

// Throws std::invalid_argument for the first missing (NaN) cell of `rows`, whose columns are
// `names` (or "column 2" when there are none): "<refusal>: <what> row 3, feature 'age' is
// missing", without the row when `rows` is one row, e.g. what = "the instance's".
void RequireComplete(const RowMatrixF& rows, const std::vector<std::string>& names,
                     const std::string& what, const std::string& refusal);

}  // namespace whyrec
