#pragma once

#include <memory>
#include <string>

#include "core/models/model.h"

namespace whyrec {

// Loads a model file: an XGBoost JSON model (save_model('m.json')), a linear model JSON
// ({"type": "linear", ...}), a distilled model ({"format": "whyrec-distilled", ...}), an ONNX
// tree ensemble (read as trees) or any other ONNX model, run by ONNX Runtime with `onnx_threads`
// threads per call (0: one per core; 1 when the caller parallelizes over rows).
std::unique_ptr<Model> LoadModel(const std::string& path, int onnx_threads = 0);

}  // namespace whyrec
