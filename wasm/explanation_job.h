// A job that explains one row: an Explainer asked and told by JS, whose result is written as the
// explanation JSON.
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "core/explain/explainer.h"
#include "core/explain/explanation_json.h"
#include "wasm/ask_tell_handle.h"

namespace whyrec::wasm {

using Job = AskTellHandle<Explainer>;

// `width`: the values of each row the explainer asks for; `output`: the explained output's name.
inline Job* NewExplanationJob(std::unique_ptr<Explainer> explainer, int width,
                              const std::string& output) {
  return new Job(std::move(explainer), width, [output](const Explainer& done) {
    return ExplanationsToJson({done.result()}, output).dump();
  });
}

}  // namespace whyrec::wasm
