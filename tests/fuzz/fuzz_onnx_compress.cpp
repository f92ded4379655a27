// Fuzz target for `whyrec compress`'s ONNX path: any bytes give std::invalid_argument or a model
// whose pruning (unstructured and structured) and int8 quantization either succeed or throw
// std::invalid_argument, and whose result serializes.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "native/compress/magnitude_pruning.h"
#include "native/compress/onnx_model_file.h"
#include "native/compress/structured_pruning.h"
#include "native/compress/weight_quantization.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  try {
    onnx::ModelProto model = whyrec::ParseOnnxModel(bytes, "fuzz.onnx");
    onnx::ModelProto structured = model;
    whyrec::PruneDenseWeights(*model.mutable_graph(), 0.5);
    whyrec::QuantizeWeightsInt8(model, "fuzz.onnx");
    std::string out;
    model.SerializeToString(&out);
    whyrec::PruneHiddenUnits(*structured.mutable_graph(), 0.5);
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
