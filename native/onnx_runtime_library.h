#pragma once

#include <onnxruntime_c_api.h>

namespace whyrec {

// ONNX Runtime is loaded when a model first needs it, not when the process starts: linked, the
// 20 MB library cost every run 1.3 ms of loading and relocation (a fifth of `whyrec explain`'s
// start), though most runs explain tree or linear models that never touch it.
//
// The first call opens libonnxruntime.so.1 (found by the executable's run path, as the linked
// library was) and returns its API; later calls return the same. Throws std::runtime_error
// naming the library and the loader's reason when it cannot be loaded.
const OrtApiBase& LoadOnnxRuntime();

}  // namespace whyrec
