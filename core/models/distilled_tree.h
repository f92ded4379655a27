#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/link.h"
#include "core/models/tree_ensemble.h"

namespace whyrec {

// The tree families of the whyrec-distilled format (README "Distilled models"): "tree", one
// regression tree whose nodes are listed in "nodes" (node 0 the root; a split names its feature,
// threshold, missing side and children; a leaf its value), and "rule_list" (RuleList). Both are
// read as a TreeEnsemble of one tree, so `explain` uses TreeSHAP: exact Shapley values of the
// surrogate.

// The "tree" family's JSON of `tree` (covers written as "rows"); leaf values to `digits`
// significant digits.
std::string DistilledTreeJson(const Tree& tree, const std::vector<std::string>& feature_names,
                              Link link, int digits);

// Reads a whyrec-distilled text of family "tree" or "rule_list" as one-tree ensemble, margin
// (and prob with the logit link) as its outputs. `source` names the text in errors.
TreeEnsemble ReadDistilledTrees(std::string_view text, const std::string& source);

// Whether a whyrec-distilled family is read by ReadDistilledTrees.
bool IsDistilledTreeFamily(const std::string& family);

}  // namespace whyrec
