// Embind adaptor for feature counterfactuals
// (core/explain/counterfactual/feature_counterfactual.h), asked and told by JS like the explainers.
#include <emscripten/bind.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "core/explain/counterfactual/feature_counterfactual_settings.h"
#include "wasm/ask_tell_handle.h"
#include "wasm/js_bridge.h"

namespace whyrec::wasm {
namespace {

using CounterfactualHandle = AskTellHandle<FeatureCounterfactual>;

// config: feature_names, output and the search's settings as `whyrec counterfactual` names them
// (underscored); `instance` the row to move, `others` the rest of its candidate list and
// `background` the rows whose ranges and spreads bound and scale the changes (all flat, row-major).
CounterfactualHandle* CreateFeatureCounterfactual(const std::string& config_text,
                                                  const val& instance, const val& others,
                                                  const val& background) {
  return Guarded([&] {
    const Json config = Json::parse(config_text, nullptr, false);
    if (config.is_discarded() || !config.is_object()) {
      throw std::invalid_argument("config must be a JSON object");
    }
    const Schema schema = SchemaFromConfig(config);
    const int width = static_cast<int>(schema.width());
    const FeatureCounterfactualOptions options =
        FeatureCounterfactualOptionsFromJson(config, {"feature_names", "output", "max_batch_rows"});
    const Eigen::VectorXf row = ToVector(instance);
    if (row.size() != width) {
      throw std::invalid_argument("the row has " + std::to_string(row.size()) +
                                  " values, there are " + std::to_string(width) + " features");
    }
    const RowMatrixF reference = ToRows(background, width, "the background");
    auto search = std::make_unique<FeatureCounterfactual>(
        MakeFeatureSpace(schema.feature_names(), reference, row, config), row,
        ToRows(others, width, "the candidate list"), options);
    return new CounterfactualHandle(
        std::move(search), width,
        [](const FeatureCounterfactual& done) { return done.result().dump(); });
  });
}

}  // namespace
}  // namespace whyrec::wasm

EMSCRIPTEN_BINDINGS(whyrec_counterfactual) {
  whyrec::wasm::CounterfactualHandle::Bind("FeatureCounterfactual");
  emscripten::function("createFeatureCounterfactual", &whyrec::wasm::CreateFeatureCounterfactual,
                       emscripten::allow_raw_pointers());
}
