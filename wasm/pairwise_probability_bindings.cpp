// Embind adaptor for pairwise probabilities P(A above B), asked and told by JS like any job (the
// full core only: the widget explains single rows).
#include <emscripten/bind.h>

#include <memory>
#include <string>

#include "core/explain/explanation_json.h"
#include "core/explain/pairwise_probability.h"
#include "wasm/ask_tell_handle.h"
#include "wasm/js_bridge.h"

namespace whyrec::wasm {
namespace {

using Job = AskTellHandle<Explainer>;

Job* CreatePairwiseProbabilityJob(const std::string& method, const std::string& config_text,
                                  const val& a, const val& b, const val& background) {
  return Guarded([&] {
    const JobConfig config = ParseConfig(config_text, background);
    auto explainer = std::make_unique<PairwiseProbability>(
        method, config.settings, config.schema, ToVector(a), ToVector(b), config.background);
    const std::string output = config.output;
    return new Job(std::move(explainer), static_cast<int>(config.schema.width()),
                   [output](const Explainer& done) {
                     return ExplanationsToJson({done.result()}, output).dump();
                   });
  });
}

}  // namespace
}  // namespace whyrec::wasm

EMSCRIPTEN_BINDINGS(whyrec_pairwise_probability) {
  emscripten::function("createPairwiseProbabilityJob", &whyrec::wasm::CreatePairwiseProbabilityJob,
                       emscripten::allow_raw_pointers());
}
