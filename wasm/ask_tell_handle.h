// A job that JS asks for rows and tells the model's outputs (an Explainer or a GlobalJob).
#pragma once

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "core/matrix.h"
#include "wasm/js_bridge.h"

namespace whyrec::wasm {

// next() hands out a view of the batch it keeps alive until the following call, so rows cross to
// ONNX Runtime without an extra copy in C++; resultJson() writes the result with `to_json`.
template <typename Asked>
class AskTellHandle {
 public:
  using ToJson = std::function<std::string(const Asked&)>;

  AskTellHandle(std::unique_ptr<Asked> job, int width, ToJson to_json)
      : job_(std::move(job)), width_(width), to_json_(std::move(to_json)) {}

  val next() {
    return Guarded([&] {
      batch_ = job_->next();
      return val(emscripten::typed_memory_view(static_cast<size_t>(batch_.size()), batch_.data()));
    });
  }

  void tell(const val& outputs, int per_row) {
    Guarded([&] { TellOutputs(outputs, per_row, batch_.rows(), *job_); });
  }

  std::string resultJson() const {
    return Guarded([&] { return to_json_(*job_); });
  }

  int width() const { return width_; }

  // Registers the class as `name` in the module, with its four methods.
  static void Bind(const char* name) {
    emscripten::class_<AskTellHandle>(name)
        .function("next", &AskTellHandle::next)
        .function("tell", &AskTellHandle::tell)
        .function("resultJson", &AskTellHandle::resultJson)
        .function("width", &AskTellHandle::width);
  }

 private:
  std::unique_ptr<Asked> job_;
  int width_;
  ToJson to_json_;
  RowBatch batch_;
};

}  // namespace whyrec::wasm
