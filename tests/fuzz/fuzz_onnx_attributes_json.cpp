// Fuzz target for the JSON form of an ONNX tree ensemble node that the WebAssembly build reads:
// any text gives a model or std::invalid_argument, and a model read evaluates and is explained
// additively.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "core/models/onnx_attributes_json.h"
#include "core/models/onnx_tree_ensemble.h"
#include "tests/fuzz/check_tree_ensemble.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const std::string text(reinterpret_cast<const char*>(data), size);
    whyrec::CheckTreeEnsemble(whyrec::TreeEnsembleFromOnnx(
        whyrec::OnnxNodeAttributesFromJson(text, "fuzz.json"), "fuzz.json"));
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
