#pragma once

#include <string>

#include "core/models/onnx_attributes.h"
#include "core/models/tree_ensemble.h"

namespace whyrec {

// True when `bytes` are an ONNX model whose graph input goes straight into an ai.onnx.ml
// TreeEnsembleRegressor or TreeEnsembleClassifier node (a model with preprocessing before its
// trees runs in ONNX Runtime instead).
bool IsOnnxTreeEnsemble(const std::string& bytes);

// That node's attributes, read with the ONNX project's protobuf classes. Throws
// std::invalid_argument naming `source` when the bytes are not such a model.
OnnxNodeAttributes ReadOnnxTreeEnsembleNode(const std::string& bytes, const std::string& source);

// The model's tree ensemble (core/models/onnx_tree_ensemble.h has what is supported).
TreeEnsemble ParseOnnxTreeEnsemble(const std::string& bytes, const std::string& source);

}  // namespace whyrec
