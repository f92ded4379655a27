// Embind adaptor: converts JS values to core types and back. No explanation logic lives here.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "core/background.h"
#include "core/background_summary.h"
#include "core/explain/explainer_factory.h"
#include "core/explain/explanation_json.h"
#include "core/explain/linear_shap.h"
#include "core/explain/settings.h"
#include "core/groups_json.h"
#include "core/models/linear_model.h"
// The widget's core (WHYREC_SHAPLEY_ONLY) leaves tree models out of its download.
#ifndef WHYREC_SHAPLEY_ONLY
#include "core/explain/tree_shap.h"
#include "core/global/global_jobs.h"
#include "core/models/onnx_attributes_json.h"
#include "core/models/onnx_tree_ensemble.h"
#include "core/models/xgboost_json.h"
#endif

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

// Rows of `d` values each, concatenated; `what` names them in errors.
RowMatrixF ToRows(const val& array, Eigen::Index d, const std::string& what) {
  const Eigen::VectorXf flat = ToVector(array);
  if (flat.size() == 0 || flat.size() % d != 0) {
    throw std::invalid_argument(what + " has " + std::to_string(flat.size()) +
                                " values, which is not a positive multiple of " +
                                std::to_string(d) + " features");
  }
  return Eigen::Map<const RowMatrixF>(flat.data(), flat.size() / d, d);
}

// config.feature_names, with config.groups when given.
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

// Tells `job` the model's outputs for the `rows` rows it asked for, per_row values each.
template <typename Told>
void TellOutputs(const val& outputs, int per_row, Eigen::Index rows, Told& job) {
  const auto values = emscripten::convertJSArrayToNumberVector<float>(outputs);
  if (per_row < 1 || values.size() != static_cast<size_t>(rows) * per_row) {
    throw std::invalid_argument("tell() expected " + std::to_string(rows) + " x " +
                                std::to_string(per_row) + " outputs, got " +
                                std::to_string(values.size()));
  }
  job.tell(ConstMatrixView(values.data(), rows, per_row));
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
    Guarded([&] { TellOutputs(outputs, per_row, batch_.rows(), *explainer_); });
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

bool WantsInteractions(const Json& settings) {
  if (!settings.contains("interactions")) return false;
  if (!settings["interactions"].is_boolean()) {
    throw std::invalid_argument("setting 'interactions' must be true or false, got " +
                                settings["interactions"].dump());
  }
  return settings["interactions"].get<bool>();
}

#ifndef WHYREC_SHAPLEY_ONLY
// TreeSHAP of a tree ensemble (XGBoost JSON, or an ONNX tree ensemble node's attributes as JSON),
// parsed and tabulated once, then asked for any number of rows. config as for jobs, plus
// "tree_mode": "path" (default) or "interventional" and "interactions": true for SHAP
// interaction values; "output", when given, must be the margin TreeSHAP explains.
class TreeExplainer {
 public:
  TreeExplainer(TreeEnsemble model, const std::string& config_text, const val& background)
      : model_(std::move(model)),
        config_(ParseConfig(config_text, background)),
        shap_(
            model_, config_.schema,
            ParseTreeShapMode(
                Settings(config_.settings).Choice("tree_mode", "path", {"path", "interventional"})),
            config_.background, WantsInteractions(config_.settings)),
        interactions_(WantsInteractions(config_.settings)) {
    const std::string margin = model_.output_names()[0];
    if (!config_.output.empty() && config_.output != margin) {
      throw std::invalid_argument("method \"tree\" explains the model's '" + margin +
                                  "' (margin space), not '" + config_.output + "'");
    }
  }

  // One instance, or several concatenated (n x width values): one JSON for all of them.
  std::string explainJson(const val& instances) const {
    return Guarded([&] { return ExplainRows(instances); });
  }

  std::string ExplainRows(const val& instances) const {
    const Eigen::VectorXf flat = ToVector(instances);
    const Eigen::Index d = model_.input_width();
    if (flat.size() == 0 || flat.size() % d != 0) {
      throw std::invalid_argument("the instances have " + std::to_string(flat.size()) +
                                  " values, which is not a positive multiple of " +
                                  std::to_string(d) + " features");
    }
    std::vector<Explanation> rows;
    for (Eigen::Index r = 0; r < flat.size() / d; ++r) {
      const Eigen::VectorXf x = flat.segment(r * d, d);
      rows.push_back(interactions_ ? shap_.ExplainWithInteractions(x) : shap_.Explain(x));
    }
    return ExplanationsToJson(rows, model_.output_names()[0]).dump();
  }

 private:
  TreeEnsemble model_;
  JobConfig config_;
  TreeShap shap_;  // reads model_, which is never moved: explainers live on the heap
  bool interactions_;
};

TreeExplainer* CreateTreeExplainer(const std::string& model_text, const std::string& config_text,
                                   const val& background) {
  return Guarded([&] {
    return new TreeExplainer(ParseXgboostJson(model_text, "the XGBoost model"), config_text,
                             background);
  });
}

// `attributes_json`: the tree ensemble node of an .onnx file as web/onnx-trees.mjs decodes it
// (core/models/onnx_attributes_json.h).
TreeExplainer* CreateOnnxTreeExplainer(const std::string& attributes_json,
                                       const std::string& config_text, const val& background) {
  return Guarded([&] {
    const std::string source = "the ONNX model";
    return new TreeExplainer(
        TreeEnsembleFromOnnx(OnnxNodeAttributesFromJson(attributes_json, source), source),
        config_text, background);
  });
}

// A global method (core/global/global_jobs.h) owned by JS, asked and told like Job; its result is
// the JSON `whyrec importance` or `whyrec curves` writes.
class GlobalJobHandle {
 public:
  GlobalJobHandle(std::unique_ptr<GlobalJob> job, int width)
      : job_(std::move(job)), width_(width) {}

  val next() {
    return Guarded([&] {
      batch_ = job_->next();
      return val(emscripten::typed_memory_view(static_cast<size_t>(batch_.size()), batch_.data()));
    });
  }

  void tell(const val& outputs, int per_row) {
    Guarded([&] { TellOutputs(outputs, per_row, batch_.rows(), *job_); });
  }

  std::string resultJson() const {
    return Guarded([&] { return job_->result().dump(); });
  }

  int width() const { return width_; }

 private:
  std::unique_ptr<GlobalJob> job_;
  int width_;
  RowBatch batch_;
};

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
      return new GlobalJobHandle(std::move(job), width);
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
    return new GlobalJobHandle(std::move(job), width);
  });
}

std::string TreeShapJson(const std::string& model_text, const std::string& config_text,
                         const val& instance, const val& background) {
  return Guarded([&] {
    const TreeExplainer explainer(ParseXgboostJson(model_text, "the XGBoost model"), config_text,
                                  background);
    return explainer.ExplainRows(instance);
  });
}
#endif

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
#ifndef WHYREC_SHAPLEY_ONLY
  emscripten::class_<whyrec::TreeExplainer>("TreeExplainer")
      .function("explainJson", &whyrec::TreeExplainer::explainJson);
  emscripten::function("createTreeExplainer", &whyrec::CreateTreeExplainer,
                       emscripten::allow_raw_pointers());
  emscripten::function("createOnnxTreeExplainer", &whyrec::CreateOnnxTreeExplainer,
                       emscripten::allow_raw_pointers());
  emscripten::function("treeShap", &whyrec::TreeShapJson);
  emscripten::class_<whyrec::GlobalJobHandle>("GlobalJob")
      .function("next", &whyrec::GlobalJobHandle::next)
      .function("tell", &whyrec::GlobalJobHandle::tell)
      .function("resultJson", &whyrec::GlobalJobHandle::resultJson)
      .function("width", &whyrec::GlobalJobHandle::width);
  emscripten::function("createGlobalJob", &whyrec::CreateGlobalJob,
                       emscripten::allow_raw_pointers());
#endif
}
