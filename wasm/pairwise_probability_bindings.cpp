// Embind adaptor for pairwise probabilities P(A above B), asked and told by JS like any job (the
// full core only: the widget explains single rows).
#include <emscripten/bind.h>

#include <memory>
#include <string>

#include "core/explain/pairwise_probability.h"
#include "wasm/explanation_job.h"
#include "wasm/js_bridge.h"

namespace whyrec::wasm {
namespace {

Job* CreatePairwiseProbabilityJob(const std::string& method, const std::string& config_text,
                                  const val& a, const val& b, const val& background) {
  return Guarded([&] {
    const JobConfig config = ParseConfig(config_text, background);
    return NewExplanationJob(
        std::make_unique<PairwiseProbability>(method, config.settings, config.schema, ToVector(a),
                                              ToVector(b), config.background),
        config.schema.width(), config.output);
  });
}

}  // namespace
}  // namespace whyrec::wasm

EMSCRIPTEN_BINDINGS(whyrec_pairwise_probability) {
  emscripten::function("createPairwiseProbabilityJob", &whyrec::wasm::CreatePairwiseProbabilityJob,
                       emscripten::allow_raw_pointers());
}
