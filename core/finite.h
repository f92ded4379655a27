#pragma once

#include <string>

#include "core/matrix.h"

namespace whyrec {

// Throws std::invalid_argument naming the first NaN or infinite cell of `what`.
void RequireFinite(const RowMatrixF& matrix, const std::string& what);

}  // namespace whyrec
