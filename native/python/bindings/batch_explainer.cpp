#include "native/python/bindings/batch_explainer.h"

#include <atomic>
#include <stdexcept>

#include "core/background_summary.h"
#include "core/explain/explainer_factory.h"
#include "core/explain/settings.h"
#include "core/groups_json.h"
#include "core/models/linear_model.h"
#include "core/models/tree_ensemble.h"
#include "native/model_loader.h"
#include "native/parallel_rows.h"
#include "native/python/bindings/model_checks.h"

namespace whyrec {
namespace {

using Json = nlohmann::ordered_json;

// Keys that choose what is explained rather than configure a method's sampling: read here, not
// passed to the core's method factory.
constexpr const char* kTreeMode = "tree_mode";
constexpr const char* kInteractions = "interactions";
constexpr const char* kOutput = "output";
constexpr const char* kGroups = "groups";

// The CLI's defaults (native/explain_command.cpp's MethodSettings) under the given settings, so
// that the same flags record the same settings.
Json MethodSettings(const Json& given) {
  Json settings;
  settings["max_batch_rows"] = 65536;
  settings["tolerance"] = 0.0;
  settings["link"] = "identity";
  settings["sampling"] = "leverage";
  settings["surrogate"] = "trees";
  for (const auto& item : given.items()) {
    const std::string& key = item.key();
    if (key != kTreeMode && key != kInteractions && key != kOutput && key != kGroups) {
      settings[key] = item.value();
    }
  }
  return settings;
}

std::string StringSetting(const Json& settings, const char* key, const std::string& fallback) {
  if (!settings.contains(key) || settings[key].is_null()) return fallback;
  if (!settings[key].is_string()) {
    throw std::invalid_argument(std::string("setting '") + key + "' must be a string, got " +
                                settings[key].dump());
  }
  return settings[key].get<std::string>();
}

// The CLI's method choice (ResolveMethod: no method or auto means the closed form of a tree or
// linear model and the pairwise-exact 'additive' of a distilled one; else exact, or auto's own
// choice by budget), checked against the methods there are.
std::string ChooseMethod(const std::string& requested, const Model& model) {
  const std::string method = ResolveMethod(model, requested);
  if (method == "tree" || method == "linear") return method;
  for (const auto& known : ExplainerMethods()) {
    if (method == known) return method;
  }
  std::string listed = "tree, linear";
  for (const auto& known : ExplainerMethods()) listed += ", " + known;
  throw std::invalid_argument("unknown method '" + method + "'; available: " + listed);
}

// Without given names: the model's (a linear model's, a tree ensemble's), else f0, f1, ... for
// the background's columns or the model's inputs.
std::vector<std::string> DefaultFeatureNames(const Model& model, Eigen::Index background_width) {
  if (const auto* linear = dynamic_cast<const LinearModel*>(&model)) {
    return linear->feature_names();
  }
  if (const auto* trees = dynamic_cast<const TreeEnsemble*>(&model)) return trees->feature_names();
  const int64_t width = background_width > 0 ? background_width : model.input_width();
  if (width <= 0) {
    throw std::invalid_argument(
        "no feature names: the model does not name its inputs and there is no background");
  }
  std::vector<std::string> names;
  for (int64_t c = 0; c < width; ++c) names.push_back("f" + std::to_string(c));
  return names;
}

void CopyPerOutput(const Eigen::VectorXd& from, int k, double* to) {
  for (int o = 0; o < k; ++o) to[o] = from[o];
}

}  // namespace

BatchExplainer::BatchExplainer(const std::string& model_path, RowMatrixF background,
                               std::vector<std::string> feature_names, const std::string& method,
                               const Json& settings)
    // Threads go over rows, as in the CLI: one ONNX Runtime thread per call, so that rows' threads
    // (and Dask's worker processes) do not compete for the cores.
    : model_(LoadModel(model_path, 1)), feature_names_(std::move(feature_names)) {
  if (!settings.is_object()) throw std::invalid_argument("settings must be a JSON object");
  method_ = ChooseMethod(method, *model_);
  const std::string tree_mode = StringSetting(settings, kTreeMode, DefaultTreeMode(*model_));
  const TreeShapMode mode = ParseTreeShapMode(tree_mode);
  if (settings.contains(kInteractions) && !settings[kInteractions].is_boolean()) {
    throw std::invalid_argument("setting 'interactions' must be true or false, got " +
                                settings[kInteractions].dump());
  }
  const bool interactions = settings.value(kInteractions, false);
  if (interactions && method_ != "tree") {
    throw std::invalid_argument("interactions need method 'tree', not '" + method_ + "'");
  }
  if (feature_names_.empty()) feature_names_ = DefaultFeatureNames(*model_, background.cols());
  const int width = static_cast<int>(feature_names_.size());
  const bool reads_background = method_ != "tree" || mode != TreeShapMode::kPathDependent;
  if (background.rows() == 0) {
    if (reads_background) {
      throw std::invalid_argument("method '" + method_ + "'" +
                                  (method_ == "tree" ? " with tree_mode '" + tree_mode + "'" : "") +
                                  " needs a background (only tree_mode 'path' reads none" +
                                  WithoutPathMode(*model_) + ")");
    }
    // TreeShap takes a background in every mode but reads it in interventional mode only.
    background = RowMatrixF::Zero(1, width);
  } else if (background.cols() != width) {
    throw std::invalid_argument("the background has " + std::to_string(background.cols()) +
                                " columns but there are " + std::to_string(width) +
                                " feature names");
  }
  RequireModelFeatures(*model_, feature_names_, model_path);

  schema_ = Schema::FromNames(feature_names_);
  if (settings.contains(kGroups) && !settings[kGroups].is_null()) {
    schema_ = schema_.WithGroups(GroupsFromJson(settings[kGroups], "setting 'groups'"));
  }
  method_settings_ = MethodSettings(settings);
  if (settings.contains("seed")) seed_ = Settings(method_settings_).Seed();
  reference_.emplace(
      BackgroundForSettings(Background::Uniform(std::move(background)), method_settings_));

  const std::string output = StringSetting(settings, kOutput, "");
  if (method_ == "tree" || method_ == "linear") {
    output_name_ = model_->output_names()[0];
    if (!output.empty() && output != output_name_) {
      throw std::invalid_argument("method '" + method_ + "' explains the model's '" + output_name_ +
                                  "' (margin space), not '" + output + "'");
    }
  } else {
    output_name_ = model_->output_names()[FindOutput(*model_, output)];
  }
  int output_index = 0;
  if (method_ == "tree") {
    const auto* trees = dynamic_cast<const TreeEnsemble*>(model_.get());
    if (!trees) {
      throw std::invalid_argument(
          "method 'tree' needs a tree ensemble (XGBoost JSON, LightGBM or ONNX TreeEnsemble*); " +
          model_path + " is not one");
    }
    output_width_ = trees->num_outputs();
  } else if (method_ == "linear") {
    if (!dynamic_cast<const LinearModel*>(model_.get())) {
      throw std::invalid_argument("method 'linear' needs a linear model JSON; " + model_path +
                                  " is not one: use method 'exact'");
    }
    output_width_ = 1;
  } else {
    // One explainer now, so that bad settings fail here rather than on the first row; one model
    // row tells the output's width.
    const Eigen::VectorXf first = reference_->rows().row(0).transpose();
    try {
      MakeExplainer(method_, method_settings_, schema_, first, *reference_);
    } catch (const std::invalid_argument& e) {
      // The message may speak of "the instance": here, the background's first row.
      throw std::invalid_argument(std::string(e.what()) + " (met setting up method '" + method_ +
                                  "' on the background's row 0)");
    }
    output_index = FindOutput(*model_, output);
    const RowMatrixF outputs = model_->Predict(
        ConstMatrixView(reference_->rows().data(), 1, reference_->rows().cols()), output_index);
    output_width_ = static_cast<int>(outputs.cols());
  }
  // The rows themselves are explained by the CLI's code (tree and linear closed forms, or a
  // fresh model-agnostic explainer per row); the checks above only word the errors for Python.
  rows_ = std::make_unique<RowExplainer>(
      *model_, schema_, *reference_,
      RowMethod{method_, model_path, method_settings_, output, tree_mode, interactions, {}});
}

BatchExplainer::~BatchExplainer() = default;

BatchRecord BatchExplainer::Explain(ConstMatrixView rows, int64_t begin, int64_t end, int threads,
                                    const BatchOutputs& out) const {
  if (rows.cols() != static_cast<Eigen::Index>(feature_names_.size())) {
    throw std::invalid_argument("rows have " + std::to_string(rows.cols()) +
                                " columns, the explainer's features are " +
                                std::to_string(feature_names_.size()));
  }
  if (begin < 0 || end > rows.rows() || begin > end) {
    throw std::out_of_range("rows " + std::to_string(begin) + ":" + std::to_string(end) +
                            " are not within 0:" + std::to_string(rows.rows()));
  }
  BatchRecord record;
  record.extras.resize(end - begin);
  const int k = output_width_;
  const int players = schema_.num_players();
  std::atomic<bool> any_extras{false};
  const auto take_row = [&](int64_t r, Explanation& e) {
    if (e.values.rows() != k || e.values.cols() != players) {
      throw std::logic_error("row " + std::to_string(r) + " has " +
                             std::to_string(e.values.rows()) + " outputs x " +
                             std::to_string(e.values.cols()) + " players, expected " +
                             std::to_string(k) + " x " + std::to_string(players));
    }
    for (int g = 0; g < players; ++g) {
      for (int o = 0; o < k; ++o) {
        const int64_t at = (r * players + g) * k + o;
        out.values[at] = e.values(o, g);
        out.std_errors[at] = e.std_errors.size() > 0 ? e.std_errors(o, g) : 0.0;
      }
    }
    CopyPerOutput(e.base_value, k, out.base_values + r * k);
    CopyPerOutput(e.model_output, k, out.model_output + r * k);
    out.evaluations[r] = e.evaluations;
    if (!e.extra.empty()) {
      record.extras[r - begin] = e.extra.dump();
      any_extras = true;
    }
    if (r == begin) {
      record.settings = std::move(e.settings);
      record.method = e.method;
      // As the CLI: a given seed is recorded whatever the method, else the method's own.
      record.seed = seed_ ? seed_ : e.seed;
    }
  };
  ParallelBlocks(
      begin, end, threads,
      [&](int64_t first, int64_t last) {
        std::vector<Explanation> block(static_cast<size_t>(last - first));
        rows_->ExplainBlock(rows, first, last, block.data(),
                            [](int64_t r) { return "row " + std::to_string(r); });
        for (int64_t r = first; r < last; ++r) take_row(r, block[static_cast<size_t>(r - first)]);
      },
      [](int64_t) {}, rows_->rows_per_block());
  if (!any_extras) record.extras.clear();
  return record;
}

}  // namespace whyrec
