#pragma once

#include <string>

#include "core/models/onnx_attributes.h"
#include "core/models/tree_ensemble.h"

namespace whyrec {

// Reads an ai.onnx.ml TreeEnsembleRegressor or TreeEnsembleClassifier node (its attributes, as
// the native protobuf reader or the browser's protobufjs decode them) into a TreeEnsemble that
// predicts what ONNX Runtime 1.30 outputs:
// - every branch mode (BRANCH_LT, LEQ, GTE, GT, EQ, NEQ; EQ/NEQ rewritten as < splits, see
//   onnx_branches.h), nodes_missing_value_tracks_true, nodes_hitrates as training cover;
// - regressor: n_targets, target_*, base_values, aggregate_function SUM or AVERAGE;
// - classifier: class_*, classlabels_int64s or classlabels_strings, base_values, with ONNX
//   Runtime's binary case (one score column written as two);
// - post_transform NONE, LOGISTIC, SOFTMAX, SOFTMAX_ZERO, PROBIT.
// Outputs: "margin", the per-class (per-target) sums of leaf weights plus base values before the
// post transform (what TreeSHAP explains; one column for a binary classifier with one score
// column); a regressor with LOGISTIC or SOFTMAX also "prob"; then the node's output as ONNX
// Runtime computes it, under the node's output name (the classifier's scores, e.g.
// "probabilities"; "scores" when that name is taken). Features are named f0, f1, ...
// Throws std::invalid_argument starting with `source` and naming the attribute, tree and node.
TreeEnsemble TreeEnsembleFromOnnx(const OnnxNodeAttributes& node, const std::string& source);

}  // namespace whyrec
