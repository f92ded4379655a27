#pragma once

#include <onnxruntime_cxx_api.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace whyrec {

// The process's one ONNX Runtime environment, shared by every session. ONNX Runtime 1.30 writes
// telemetry under ~/.cache/Microsoft/DeveloperTools/.onnxruntime/ and a $TMPDIR/mat-debug-<pid>.log
// when an environment is created, unless ORT_DISABLE_TELEMETRY is set by then
// (Env::DisableTelemetryEvents comes too late: the files already exist), so this sets it first.
// The first call loads ONNX Runtime (LoadOnnxRuntime), so every use of it starts here.
Ort::Env& OnnxEnvironment();

// A session whose Run uses `intra_op_threads` threads (0: ONNX Runtime's default, one per core).
// Errors name the file.
Ort::Session OpenSession(const std::string& path, int intra_op_threads);

// A session that runs each call on the calling thread (one intra-op thread). Callers that want
// parallelism call Run from several threads on one shared session (Run is thread-safe); a
// model's outputs then cannot depend on the number of threads.
Ort::Session OpenSingleThreadSession(const std::string& path);

// The value of a metadata_props entry of the model, if it has one.
std::optional<std::string> ModelMetadata(const Ort::Session& session, const std::string& key);

std::vector<std::string> InputNames(const Ort::Session& session);
std::vector<std::string> OutputNames(const Ort::Session& session);

// A float32 output of a run, copied out with its shape.
struct FloatTensor {
  std::vector<int64_t> shape;
  std::vector<float> values;
};

// Throws std::invalid_argument naming `what` (the file and output) unless `value` is float32.
FloatTensor ToFloatTensor(const Ort::Value& value, const std::string& what);

}  // namespace whyrec
