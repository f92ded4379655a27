// Fuzz target for the ONNX tree ensemble reader: any bytes give a model or
// std::invalid_argument, and a model read evaluates and is explained additively.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "native/onnx_tree_ensemble.h"
#include "tests/fuzz/check_tree_ensemble.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    whyrec::CheckTreeEnsemble(whyrec::ParseOnnxTreeEnsemble(
        std::string(reinterpret_cast<const char*>(data), size), "fuzz.onnx"));
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
