// Fuzz target for the LightGBM text-model reader: any bytes give a model or
// std::invalid_argument, and a model it accepts evaluates and explains additively in both
// TreeSHAP modes (covers are row counts, so path-dependent TreeSHAP applies where they are > 0).
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "core/models/lightgbm_text.h"
#include "tests/fuzz/check_tree_ensemble.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    whyrec::CheckTreeEnsemble(whyrec::ParseLightgbmText(
        std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.txt"));
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
