#pragma once

#include <string>
#include <string_view>

#include "core/models/tree_ensemble.h"

namespace whyrec {

// True when `text` starts like a LightGBM text model (save_model's model.txt: a "tree" line,
// then key=value lines).
bool LooksLikeLightgbmText(std::string_view text);

// Parses a LightGBM text model (format version v3 or v4, as LightGBM 3 and 4 write it): one
// output per class (tree t adds to class t % num_tree_per_iteration), no base margin (LightGBM
// folds the initial score into the first trees' leaves), numerical splits compared as LightGBM
// does (x <= threshold in double precision; exact for float inputs), categorical splits by
// bitset, missing types None (NaN is read as 0), Zero (0 and NaN take the default side) and NaN.
// Covers are the training row counts (leaf_count, internal_count), as LightGBM's own TreeSHAP
// uses them. Objectives: binary (sigmoid), multiclass (softmax), multiclassova and
// cross_entropy (sigmoid per class), poisson, gamma and tweedie (exp), and the regression and
// ranking objectives (identity); others are read in margin space only. Linear trees are refused.
// Throws std::invalid_argument naming `source`, the line and the field.
TreeEnsemble ParseLightgbmText(std::string_view text, const std::string& source);

}  // namespace whyrec
