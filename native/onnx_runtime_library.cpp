#include "native/onnx_runtime_library.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace whyrec {
namespace {

constexpr const char* kLibrary = "libonnxruntime.so.1";

using GetApiBase = const OrtApiBase*(ORT_API_CALL*)();

// The library's API, or the reason it could not be had (exactly one is set).
struct Loaded {
  const OrtApiBase* api = nullptr;
  std::string error;
};

Loaded Load() {
  // Never closed: sessions and their threads live until the process ends.
  void* library = dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);
  if (!library) return {nullptr, dlerror()};
  const auto get = reinterpret_cast<GetApiBase>(dlsym(library, "OrtGetApiBase"));
  if (!get) return {nullptr, dlerror()};
  return {get(), {}};
}

const Loaded& Library() {
  static const Loaded loaded = Load();
  return loaded;
}

}  // namespace

const OrtApiBase& LoadOnnxRuntime() {
  const Loaded& loaded = Library();
  if (!loaded.api) {
    throw std::runtime_error(std::string("cannot load ONNX Runtime (") + kLibrary +
                             "): " + loaded.error);
  }
  return *loaded.api;
}

}  // namespace whyrec

// The one entry point of ONNX Runtime that its C++ API calls (once, on its first use), defined
// here in place of the linked library's. Every ONNX model is opened through OnnxEnvironment,
// which calls LoadOnnxRuntime first and so reports a missing library as an error; the process
// ends here only if some use skipped it.
extern "C" const OrtApiBase* ORT_API_CALL OrtGetApiBase(void) NO_EXCEPTION {
  try {
    return &whyrec::LoadOnnxRuntime();
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "whyrec: %s\n", e.what());
    std::abort();
  }
}
