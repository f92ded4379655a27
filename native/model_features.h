#pragma once

#include <string>
#include <vector>

#include "core/models/model.h"

namespace whyrec {

// The name the model reads each input by, "" where it names none: a linear model JSON and a
// tree ensemble name theirs, except XGBoost's defaults f0, f1, ... for unnamed features; ONNX
// models name none. Callers check their data's columns against these.
std::vector<std::string> ModelFeatureNames(const Model& model);

}  // namespace whyrec
