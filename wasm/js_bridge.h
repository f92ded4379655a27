// What every Embind adaptor shares: C++ errors become JS Errors, and JS arrays, configs and
// model outputs become core types.
#pragma once

#include <emscripten/val.h>

#include <Eigen/Core>
#include <exception>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "core/background.h"
#include "core/matrix.h"
#include "core/schema.h"

namespace whyrec::wasm {

using emscripten::val;
using Json = nlohmann::ordered_json;

// Throws a JS Error with `message`; the C++ frames below it are abandoned, not unwound.
[[noreturn]] void ThrowJsError(const char* message);

// Runs `body`; a C++ exception that escaped to JS would arrive as a bare number and leak, so
// its message is copied out, the catch block is left (freeing the exception), and a JS Error is
// thrown instead. The message is static because the frames ThrowJsError abandons never free.
template <typename F>
auto Guarded(F&& body) -> decltype(body()) {
  static std::string message;
  try {
    return body();
  } catch (const std::exception& e) {
    message = e.what();
  } catch (...) {
    message = "unknown error in the whyrec core";
  }
  ThrowJsError(message.c_str());
}

Eigen::VectorXf ToVector(const val& array);

// Rows of `d` values each, concatenated; `what` names them in errors.
RowMatrixF ToRows(const val& array, Eigen::Index d, const std::string& what);

// config.feature_names, with config.groups when given.
Schema SchemaFromConfig(const Json& config);

struct JobConfig {
  Schema schema;
  std::string output;
  Background background;
  Json settings;  // method settings: the rest of the config
};

// config: {"feature_names": [...], "groups": {...}, "background_weights": [...],
//          "output": "prob", and method settings such as "max_batch_rows" or "seed"}
JobConfig ParseConfig(const std::string& text, const val& background_array);

// Tells `job` the model's outputs for the `rows` rows it asked for, per_row values each.
template <typename Told>
void TellOutputs(const val& outputs, int per_row, Eigen::Index rows, Told& job) {
  const auto values = emscripten::convertJSArrayToNumberVector<float>(outputs);
  if (per_row < 1 || values.size() != static_cast<size_t>(rows) * per_row) {
    throw std::invalid_argument("tell() expected " + std::to_string(rows) + " x " +
                                std::to_string(per_row) + " outputs, got " +
                                std::to_string(values.size()));
  }
  job.tell(ConstMatrixView(values.data(), rows, per_row));
}

}  // namespace whyrec::wasm
