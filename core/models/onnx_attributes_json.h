#pragma once

#include <string>

#include "core/models/onnx_attributes.h"

namespace whyrec {

// Parses the JSON form of OnnxNodeAttributes that the JS API sends after decoding an .onnx file:
// {"op_type": "...", "input_width": 12, "outputs": ["label", "probabilities"],
//  "ints": {name: [...]}, "floats": {name: [...]}, "strings": {name: [...]}, "other": [names]}.
// A float may be null (JSON's NaN), which the tree reader then rejects by name. Throws
// std::invalid_argument naming `source` and the key for anything else.
OnnxNodeAttributes OnnxNodeAttributesFromJson(const std::string& text, const std::string& source);

}  // namespace whyrec
