// Embind adaptor: converts JS values to core types and back. No explanation logic lives here.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>

#include <memory>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/background.h"
#include "core/explain/explainer_factory.h"
#include "core/explain/explanation_json.h"
#include "core/explain/linear_shap.h"
#include "core/groups_json.h"
#include "core/models/linear_model.h"

namespace whyrec {
namespace {

using emscripten::val;
using Json = nlohmann::ordered_json;

// A C++ exception that escapes to JS arrives as a bare number and leaks; instead the message is
// copied out, the catch block is left (freeing the exception), and a JS Error is thrown.
EM_JS(void, ThrowJsError, (const char* message), { throw new Error(UTF8ToString(message)); });

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
  __builtin_unreachable();
}

Eigen::VectorXf ToVector(const val& array) {
  const auto values = emscripten::convertJSArrayToNumberVector<float>(array);
  return Eigen::Map<const Eigen::VectorXf>(values.data(), static_cast<Eigen::Index>(values.size()));
}

struct JobConfig {
  Schema schema;
  std::string output;
  Background background;
  Json settings;  // method settings: the rest of the config
};

// config: {"feature_names": [...], "groups": {...}, "background_weights": [...],
//          "output": "prob", and method settings such as "max_batch_rows" or "seed"}
JobConfig ParseConfig(const std::string& text, const val& background_array) {
  Json config = Json::parse(text, nullptr, false);
  if (config.is_discarded() || !config.is_object()) {
    throw std::invalid_argument("config must be a JSON object");
  }
  if (!config.contains("feature_names") || !config["feature_names"].is_array()) {
    throw std::invalid_argument("config.feature_names must be an array of names");
  }
  Schema schema = Schema::FromNames(config["feature_names"].get<std::vector<std::string>>());
  if (config.contains("groups") && !config["groups"].is_null()) {
    schema = schema.WithGroups(GroupsFromJson(config["groups"], "config.groups"));
  }
  const Eigen::VectorXf flat = ToVector(background_array);
  const Eigen::Index d = schema.width();
  if (flat.size() == 0 || flat.size() % d != 0) {
    throw std::invalid_argument("the background has " + std::to_string(flat.size()) +
                                " values, which is not a positive multiple of " +
                                std::to_string(d) + " features");
  }
  RowMatrixF rows = Eigen::Map<const RowMatrixF>(flat.data(), flat.size() / d, d);
  Eigen::VectorXd weights = Eigen::VectorXd::Ones(rows.rows());
  if (config.contains("background_weights") && !config["background_weights"].is_null()) {
    const auto w = config["background_weights"].get<std::vector<double>>();
    weights = Eigen::Map<const Eigen::VectorXd>(w.data(), static_cast<Eigen::Index>(w.size()));
  }
  const std::string output = config.value("output", "");
  for (const char* key : {"feature_names", "groups", "background_weights", "output"}) {
    config.erase(key);
  }
  return {std::move(schema), output, Background(std::move(rows), weights), std::move(config)};
}

// An explainer owned by JS: next() hands out a view of the batch it keeps alive until the
// following call, so rows cross to ONNX Runtime without an extra copy in C++.
class Job {
 public:
  Job(std::unique_ptr<Explainer> explainer, std::string output, int width)
      : explainer_(std::move(explainer)), output_(std::move(output)), width_(width) {}

  val next() {
    return Guarded([&] {
      batch_ = explainer_->next();
      return val(emscripten::typed_memory_view(static_cast<size_t>(batch_.size()), batch_.data()));
    });
  }

  void tell(const val& outputs, int per_row) {
    Guarded([&] {
      const auto values = emscripten::convertJSArrayToNumberVector<float>(outputs);
      if (per_row < 1 || values.size() != static_cast<size_t>(batch_.rows()) * per_row) {
        throw std::invalid_argument("tell() expected " + std::to_string(batch_.rows()) + " x " +
                                    std::to_string(per_row) + " outputs, got " +
                                    std::to_string(values.size()));
      }
      explainer_->tell(ConstMatrixView(values.data(), batch_.rows(), per_row));
    });
  }

  std::string resultJson() const {
    return Guarded([&] { return ExplanationsToJson({explainer_->result()}, output_).dump(); });
  }

  int width() const { return width_; }

 private:
  std::unique_ptr<Explainer> explainer_;
  std::string output_;
  int width_;
  RowBatch batch_;
};

Job* CreateJob(const std::string& method, const std::string& config_text, const val& instance,
               const val& background) {
  return Guarded([&] {
    const JobConfig config = ParseConfig(config_text, background);
    auto explainer = MakeExplainer(method, config.settings, config.schema, ToVector(instance),
                                   config.background);
    return new Job(std::move(explainer), config.output, config.schema.width());
  });
}

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
}  // namespace whyrec

EMSCRIPTEN_BINDINGS(whyrec) {
  emscripten::class_<whyrec::Job>("Job")
      .function("next", &whyrec::Job::next)
      .function("tell", &whyrec::Job::tell)
      .function("resultJson", &whyrec::Job::resultJson)
      .function("width", &whyrec::Job::width);
  emscripten::function("createJob", &whyrec::CreateJob, emscripten::allow_raw_pointers());
  emscripten::function("linearShap", &whyrec::LinearShapJson);
}
