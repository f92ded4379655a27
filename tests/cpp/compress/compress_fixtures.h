// What the compression tests share: the repository's example models as ModelProtos, and running a
// ModelProto in ONNX Runtime from memory.
#pragma once

#include <onnx/onnx.pb.h>

#include <cstdint>
#include <string>
#include <vector>

#include "native/compress/onnx_model_file.h"
#include "native/onnx_session.h"
#include "native/read_text.h"

namespace whyrec::testing {

inline std::string ExamplePath(const std::string& relative) {
  return std::string(WHYREC_SOURCE_DIR) + "/examples/" + relative;
}

inline onnx::ModelProto LoadExample(const std::string& relative) {
  return ParseOnnxModel(ReadText(ExamplePath(relative)), relative);
}

// The first output of `model` for one input tensor (float32 or int64 values).
template <typename T>
std::vector<float> RunFirstOutput(const onnx::ModelProto& model, std::vector<T> values,
                                  std::vector<int64_t> shape) {
  std::string bytes;
  model.SerializeToString(&bytes);
  Ort::SessionOptions options;
  options.SetIntraOpNumThreads(1);
  Ort::Session session(OnnxEnvironment(), bytes.data(), bytes.size(), options);
  const auto memory = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
  Ort::Value input =
      Ort::Value::CreateTensor<T>(memory, values.data(), values.size(), shape.data(), shape.size());
  const auto inputs = InputNames(session);
  const auto outputs = OutputNames(session);
  const char* input_name = inputs[0].c_str();
  const char* output_name = outputs[0].c_str();
  auto result = session.Run(Ort::RunOptions{nullptr}, &input_name, &input, 1, &output_name, 1);
  return ToFloatTensor(result[0], "output").values;
}

// Deterministic pseudo-random demo rows (any input checks the closed forms below).
inline std::vector<float> DemoRows(int rows) {
  std::vector<float> out(rows * 12);
  uint32_t state = 12345;
  for (float& v : out) {
    state = state * 1664525u + 1013904223u;
    v = static_cast<float>(state >> 8) / (1u << 24) * 4.0f - 1.0f;
  }
  return out;
}

// Deterministic MovieLens-like histories: item ids in 0..2000 (0 is padding).
inline std::vector<int64_t> Histories(int rows) {
  std::vector<int64_t> out(rows * 50);
  uint32_t state = 777;
  for (int64_t& v : out) {
    state = state * 1664525u + 1013904223u;
    v = (state >> 8) % 2001;
  }
  return out;
}

}  // namespace whyrec::testing
