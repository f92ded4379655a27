// Embind adaptor for the model-agnostic explainers (Shapley, LIME, Anchors), asked and told
// by JS.
#include <emscripten/bind.h>

#include <memory>
#include <string>
#include <utility>

#include "core/explain/explainer_factory.h"
#include "core/explain/explanation_json.h"
#include "wasm/ask_tell_handle.h"
#include "wasm/js_bridge.h"

namespace whyrec::wasm {
namespace {

using Job = AskTellHandle<Explainer>;

Job* CreateJob(const std::string& method, const std::string& config_text, const val& instance,
               const val& background) {
  return Guarded([&] {
    const JobConfig config = ParseConfig(config_text, background);
    auto explainer = MakeExplainer(method, config.settings, config.schema, ToVector(instance),
                                   config.background);
    const std::string output = config.output;
    return new Job(std::move(explainer), static_cast<int>(config.schema.width()),
                   [output](const Explainer& done) {
                     return ExplanationsToJson({done.result()}, output).dump();
                   });
  });
}

}  // namespace
}  // namespace whyrec::wasm

EMSCRIPTEN_BINDINGS(whyrec_jobs) {
  whyrec::wasm::Job::Bind("Job");
  emscripten::function("createJob", &whyrec::wasm::CreateJob, emscripten::allow_raw_pointers());
}
