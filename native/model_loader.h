#pragma once

#include <memory>
#include <string>

#include "core/models/model.h"

namespace whyrec {

// Loads a model file: an XGBoost JSON model (save_model('m.json')), a linear model JSON
// ({"type": "linear", ...}), a distilled model ({"format": "whyrec-distilled", ...}), an ONNX tree ensemble (read as trees) or any other ONNX model.
std::unique_ptr<Model> LoadModel(const std::string& path);

}  // namespace whyrec
