// Embind adaptor for the global methods (core/global/global_jobs.h): permutation importance,
// partial dependence, ALE and deletion/insertion curves, asked and told by JS like jobs.
#include <emscripten/bind.h>

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "core/global/global_jobs.h"
#include "wasm/ask_tell_handle.h"
#include "wasm/js_bridge.h"

namespace whyrec::wasm {
namespace {

// A global method (core/global/global_jobs.h) owned by JS; its result is the JSON `whyrec
// importance` or `whyrec curves` writes.
using GlobalJobHandle = AskTellHandle<GlobalJob>;

std::string GlobalJobJson(const GlobalJob& job) { return job.result().dump(); }

// kind: permutation_importance, partial_dependence or ale, with `extra` the labels of the rows
// (empty: score against the model's own output); or curves, with config.explanation the
// explanation JSON of rows of `rows` and `extra` the background. config: feature_names, groups,
// output and the method's settings, named as the CLI's flags (underscored).
GlobalJobHandle* CreateGlobalJob(const std::string& kind, const std::string& config_text,
                                 const val& rows, const val& extra) {
  return Guarded([&] {
    Json config = Json::parse(config_text, nullptr, false);
    if (config.is_discarded() || !config.is_object()) {
      throw std::invalid_argument("config must be a JSON object");
    }
    const Schema schema = SchemaFromConfig(config);
    const int width = static_cast<int>(schema.width());
    RowMatrixF data = ToRows(rows, width, "the rows");
    if (kind == "curves") {
      if (!config.contains("explanation")) {
        throw std::invalid_argument("curves need config.explanation, an explanation JSON");
      }
      const RowMatrixF background = ToRows(extra, width, "the background");
      auto job = MakeCurvesJob(config["explanation"], CurvesSettingsFromJson(config),
                               schema.feature_names(), data, background);
      return new GlobalJobHandle(std::move(job), width, GlobalJobJson);
    }
    const Json methods = {
        {"permutation_importance", "permutation"}, {"partial_dependence", "pd"}, {"ale", "ale"}};
    if (!methods.contains(kind)) {
      throw std::invalid_argument("unknown global job '" + kind +
                                  "': use permutation_importance, partial_dependence, ale or "
                                  "curves");
    }
    config["method"] = methods[kind];
    std::optional<Eigen::VectorXd> labels;
    const Eigen::VectorXf flat = ToVector(extra);
    if (flat.size() > 0) {
      if (flat.size() != data.rows()) {
        throw std::invalid_argument("there are " + std::to_string(flat.size()) + " labels for " +
                                    std::to_string(data.rows()) + " rows");
      }
      labels = flat.cast<double>();
    }
    auto job = MakeImportanceJob(ImportanceSettingsFromJson(config), schema, std::move(data),
                                 std::move(labels));
    return new GlobalJobHandle(std::move(job), width, GlobalJobJson);
  });
}

}  // namespace
}  // namespace whyrec::wasm

EMSCRIPTEN_BINDINGS(whyrec_global) {
  whyrec::wasm::GlobalJobHandle::Bind("GlobalJob");
  emscripten::function("createGlobalJob", &whyrec::wasm::CreateGlobalJob,
                       emscripten::allow_raw_pointers());
}
