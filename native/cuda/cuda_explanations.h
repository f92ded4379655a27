#pragma once

#include <cstdint>
#include <vector>

#include "core/explain/explanation.h"
#include "core/explain/trees/tree_shap.h"
#include "core/matrix.h"

namespace whyrec {

// TreeShap::Explain of rows [begin, end) of `rows`, computed on the first CUDA GPU (the same
// values up to the order of floating-point additions). Throws std::runtime_error when no GPU is
// usable.
std::vector<Explanation> ExplainTreesOnCuda(const TreeShap& shap, const RowMatrixF& rows,
                                            int64_t begin, int64_t end);

}  // namespace whyrec
