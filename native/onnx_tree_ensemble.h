#pragma once

#include <string>

#include "core/models/tree_ensemble.h"

namespace whyrec {

// True when `bytes` are an ONNX model with an ai.onnx.ml TreeEnsembleRegressor or
// TreeEnsembleClassifier node.
bool IsOnnxTreeEnsemble(const std::string& bytes);

// Reads the ONNX model's TreeEnsembleRegressor (parsed with the ONNX project's protobuf
// classes) into a TreeEnsemble: branch modes BRANCH_LT, BRANCH_LEQ, BRANCH_GTE and BRANCH_GT,
// nodes_missing_value_tracks_true, nodes_hitrates as training cover (path-dependent TreeSHAP
// needs them), several targets (one output each), base_values, aggregate_function SUM or
// AVERAGE, post_transform NONE, LOGISTIC or SOFTMAX. Throws std::invalid_argument naming
// `source`, the attribute, tree and node for anything else (TreeEnsembleClassifier,
// BRANCH_EQ/NEQ among them).
TreeEnsemble ParseOnnxTreeEnsemble(const std::string& bytes, const std::string& source);

}  // namespace whyrec
