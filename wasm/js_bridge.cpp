// Conversions between JS values and core types, and C++ errors turned into JS Errors.
#include "wasm/js_bridge.h"

#include <emscripten/emscripten.h>

#include <utility>
#include <vector>

#include "core/background_summary.h"
#include "core/groups_json.h"

namespace whyrec::wasm {
namespace {

EM_JS(void, ThrowJsErrorFromJs, (const char* message), { throw new Error(UTF8ToString(message)); });

}  // namespace

void ThrowJsError(const char* message) {
  ThrowJsErrorFromJs(message);
  __builtin_unreachable();
}

Eigen::VectorXf ToVector(const val& array) {
  const auto values = emscripten::convertJSArrayToNumberVector<float>(array);
  return Eigen::Map<const Eigen::VectorXf>(values.data(), static_cast<Eigen::Index>(values.size()));
}

RowMatrixF ToRows(const val& array, Eigen::Index d, const std::string& what) {
  const Eigen::VectorXf flat = ToVector(array);
  if (flat.size() == 0 || flat.size() % d != 0) {
    throw std::invalid_argument(what + " has " + std::to_string(flat.size()) +
                                " values, which is not a positive multiple of " +
                                std::to_string(d) + " features");
  }
  return Eigen::Map<const RowMatrixF>(flat.data(), flat.size() / d, d);
}

Schema SchemaFromConfig(const Json& config) {
  if (!config.contains("feature_names") || !config["feature_names"].is_array()) {
    throw std::invalid_argument("config.feature_names must be an array of names");
  }
  Schema schema = Schema::FromNames(config["feature_names"].get<std::vector<std::string>>());
  if (config.contains("groups") && !config["groups"].is_null()) {
    schema = schema.WithGroups(GroupsFromJson(config["groups"], "config.groups"));
  }
  return schema;
}

JobConfig ParseConfig(const std::string& text, const val& background_array) {
  Json config = Json::parse(text, nullptr, false);
  if (config.is_discarded() || !config.is_object()) {
    throw std::invalid_argument("config must be a JSON object");
  }
  Schema schema = SchemaFromConfig(config);
  RowMatrixF rows = ToRows(background_array, schema.width(), "the background");
  Eigen::VectorXd weights = Eigen::VectorXd::Ones(rows.rows());
  if (config.contains("background_weights") && !config["background_weights"].is_null()) {
    const auto w = config["background_weights"].get<std::vector<double>>();
    weights = Eigen::Map<const Eigen::VectorXd>(w.data(), static_cast<Eigen::Index>(w.size()));
  }
  const std::string output = config.value("output", "");
  for (const char* key : {"feature_names", "groups", "background_weights", "output"}) {
    config.erase(key);
  }
  Background background = BackgroundForSettings(Background(std::move(rows), weights), config);
  return {std::move(schema), output, std::move(background), std::move(config)};
}

}  // namespace whyrec::wasm
