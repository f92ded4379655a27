// Embind adaptor for the model-agnostic explainers (Shapley, LIME, Anchors), asked and told
// by JS.
#include <emscripten/bind.h>

#include <string>

#include "core/explain/explainer_factory.h"
#include "wasm/explanation_job.h"
#include "wasm/js_bridge.h"

namespace whyrec::wasm {
namespace {

Job* CreateJob(const std::string& method, const std::string& config_text, const val& instance,
               const val& background) {
  return Guarded([&] {
    const JobConfig config = ParseConfig(config_text, background);
    return NewExplanationJob(MakeExplainer(method, config.settings, config.schema,
                                           ToVector(instance), config.background),
                             config.schema.width(), config.output);
  });
}

}  // namespace
}  // namespace whyrec::wasm

EMSCRIPTEN_BINDINGS(whyrec_jobs) {
  whyrec::wasm::Job::Bind("Job");
  emscripten::function("createJob", &whyrec::wasm::CreateJob, emscripten::allow_raw_pointers());
}
