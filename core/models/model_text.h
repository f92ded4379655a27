#pragma once

#include <memory>
#include <string>

#include "core/models/model.h"

namespace whyrec {

// The model a text holds, recognised by its content: an XGBoost JSON model, a LightGBM
// model.txt, a distilled model (whyrec-distilled) or a linear model JSON; nullptr when the text
// is none of these (an ONNX file, which only the caller can run). `source` names it in errors.
std::unique_ptr<Model> ModelFromText(const std::string& text, const std::string& source);

}  // namespace whyrec
