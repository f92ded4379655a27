#include "native/onnx_session.h"

#include <cstdlib>
#include <stdexcept>

#include "native/onnx_runtime_library.h"

namespace whyrec {

namespace {

Ort::Env MakeEnvironment() {
  LoadOnnxRuntime();
  setenv("ORT_DISABLE_TELEMETRY", "1", 1);
  return Ort::Env(ORT_LOGGING_LEVEL_ERROR, "whyrec");
}

}  // namespace

Ort::Env& OnnxEnvironment() {
  static Ort::Env env = MakeEnvironment();
  return env;
}

Ort::Session OpenSession(const std::string& path, int intra_op_threads) {
  Ort::Env& environment = OnnxEnvironment();  // first: it loads ONNX Runtime
  try {
    Ort::SessionOptions options;
    if (intra_op_threads > 0) {
      options.SetIntraOpNumThreads(intra_op_threads);
      options.SetInterOpNumThreads(1);
    }
    return Ort::Session(environment, path.c_str(), options);
  } catch (const Ort::Exception& e) {
    throw std::invalid_argument("cannot load ONNX model '" + path + "': " + e.what());
  }
}

Ort::Session OpenSingleThreadSession(const std::string& path) { return OpenSession(path, 1); }

std::optional<std::string> ModelMetadata(const Ort::Session& session, const std::string& key) {
  Ort::AllocatorWithDefaultOptions allocator;
  const Ort::ModelMetadata metadata = session.GetModelMetadata();
  const auto value = metadata.LookupCustomMetadataMapAllocated(key.c_str(), allocator);
  if (!value) return std::nullopt;
  return std::string(value.get());
}

std::vector<std::string> InputNames(const Ort::Session& session) {
  Ort::AllocatorWithDefaultOptions allocator;
  std::vector<std::string> names;
  for (size_t i = 0; i < session.GetInputCount(); ++i) {
    names.emplace_back(session.GetInputNameAllocated(i, allocator).get());
  }
  return names;
}

std::vector<std::string> OutputNames(const Ort::Session& session) {
  Ort::AllocatorWithDefaultOptions allocator;
  std::vector<std::string> names;
  for (size_t i = 0; i < session.GetOutputCount(); ++i) {
    names.emplace_back(session.GetOutputNameAllocated(i, allocator).get());
  }
  return names;
}

FloatTensor ToFloatTensor(const Ort::Value& value, const std::string& what) {
  const auto info = value.GetTensorTypeAndShapeInfo();
  if (info.GetElementType() != ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT) {
    throw std::invalid_argument(what + " is not float32");
  }
  FloatTensor tensor{info.GetShape(), {}};
  const float* data = value.GetTensorData<float>();
  tensor.values.assign(data, data + info.GetElementCount());
  return tensor;
}

}  // namespace whyrec
