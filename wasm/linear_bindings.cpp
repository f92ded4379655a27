// Embind adaptor for linear models' closed-form Shapley values.
#include <emscripten/bind.h>

#include <string>

#include "core/explain/explanation_json.h"
#include "core/explain/shapley/linear_shap.h"
#include "core/models/linear_model.h"
#include "wasm/js_bridge.h"

namespace whyrec::wasm {
namespace {

std::string LinearShapJson(const std::string& model_text, const std::string& config_text,
                           const val& instance, const val& background) {
  return Guarded([&] {
    const LinearModel model = LinearModel::FromJson(model_text, "linear model");
    const JobConfig config = ParseConfig(config_text, background);
    const Explanation e = LinearShap(model, config.schema, ToVector(instance), config.background);
    return ExplanationsToJson({e}, model.output_names()[0]).dump();
  });
}

}  // namespace
}  // namespace whyrec::wasm

EMSCRIPTEN_BINDINGS(whyrec_linear) {
  emscripten::function("linearShap", &whyrec::wasm::LinearShapJson);
}
