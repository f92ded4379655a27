// Embind adaptor for TreeSHAP of tree ensembles: XGBoost JSON, LightGBM text, or an ONNX tree
// ensemble node's attributes as web/onnx-trees.mjs decodes them.
#include <emscripten/bind.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/explain/explanation_json.h"
#include "core/explain/settings.h"
#include "core/explain/trees/tree_shap.h"
#include "core/models/distilled_json.h"
#include "core/models/distilled_tree.h"
#include "core/models/lightgbm_text.h"
#include "core/models/onnx_attributes_json.h"
#include "core/models/onnx_tree_ensemble.h"
#include "core/models/xgboost_json.h"
#include "wasm/js_bridge.h"

namespace whyrec::wasm {
namespace {

// The widget's white-box core leaves LightGBM's reader (8 KB), the distilled tree families' reader
// and SHAP interaction values out to stay within its download budget; the engine explains those
// models and interaction values with the full core instead (fullTreeCore tells which).
#ifdef WHYREC_WIDGET_CORE
constexpr bool kFullCore = false;
#else
constexpr bool kFullCore = true;
#endif

bool WantsInteractions(const Json& settings) {
  if (!settings.contains("interactions")) return false;
  if (!settings["interactions"].is_boolean()) {
    throw std::invalid_argument("setting 'interactions' must be true or false, got " +
                                settings["interactions"].dump());
  }
  const bool wanted = settings["interactions"].get<bool>();
  if (wanted && !kFullCore) {
    throw std::invalid_argument("interaction values need the full core (whyrec_core.mjs)");
  }
  return kFullCore && wanted;
}

// TreeSHAP of a tree ensemble (XGBoost JSON, or an ONNX tree ensemble node's attributes as JSON),
// parsed and tabulated once, then asked for any number of rows. config as for jobs, plus
// "tree_mode": "path" (default where every split has a cover) or "interventional" and
// "interactions": true for SHAP interaction values; "output", when given, must be the margin
// TreeSHAP explains.
class TreeExplainer {
 public:
  TreeExplainer(TreeEnsemble model, const std::string& config_text, const val& background)
      : model_(std::move(model)),
        config_(ParseConfig(config_text, background)),
        shap_(model_, config_.schema,
              // As the CLI: path by default, interventional for trees without training covers
              // (a distilled rule list).
              ParseTreeShapMode(Settings(config_.settings)
                                    .Choice("tree_mode",
                                            EveryCoverKnown(model_) ? "path" : "interventional",
                                            {"path", "interventional"})),
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
    return Guarded([&] { return ExplanationsToJson(Explain(instances), OutputName()).dump(); });
  }

#ifndef WHYREC_WIDGET_CORE
  // explainJson's explanation with its per-row numbers in Float64Arrays (by row, player, output)
  // beside the rest as JSON, which web/explanation-arrays.mjs puts together: thousands of rows'
  // numbers as JSON text took longer to write, decode and parse than to compute. The widget's
  // core explains a row at a time and keeps to explainJson.
  val explainArrays(const val& instances) const {
    return Guarded([&] {
      const std::vector<Explanation> explanations = Explain(instances);
      // First: it refuses no rows, or rows that disagree, before they are read.
      const std::string head = ExplanationsHeadJson(explanations, OutputName()).dump();
      const Eigen::Index outputs = explanations.front().values.rows();
      const Eigen::Index players = explanations.front().values.cols();
      const auto per_row = [&](auto field) {
        std::vector<double> numbers;
        numbers.reserve(explanations.size() * field(explanations.front()).size());
        for (const Explanation& e : explanations) {
          const auto& m = field(e);  // column-major outputs x players: by player, then output
          numbers.insert(numbers.end(), m.data(), m.data() + m.size());
        }
        return val::global("Float64Array")
            .new_(emscripten::typed_memory_view(numbers.size(), numbers.data()));
      };
      val out = val::object();
      out.set("head", head);
      out.set("outputs", static_cast<int>(outputs));
      out.set("players", static_cast<int>(players));
      out.set("values", per_row([](const Explanation& e) -> const auto& { return e.values; }));
      out.set("std_errors",
              per_row([](const Explanation& e) -> const auto& { return e.std_errors; }));
      out.set("model_output",
              per_row([](const Explanation& e) -> const auto& { return e.model_output; }));
      return out;
    });
  }
#endif

 private:
  std::string OutputName() const { return model_.output_names()[0]; }

  std::vector<Explanation> Explain(const val& instances) const {
    const RowMatrixF rows = ToRows(instances, model_.input_width(), "the instance data");
    if constexpr (kFullCore) {
      // Deep trees' walks carry blocks of rows (the widget's core has no such walk).
      if (!interactions_) {
        return shap_.ExplainRows(ConstMatrixView(rows.data(), rows.rows(), rows.cols()));
      }
    }
    std::vector<Explanation> explanations;
    for (Eigen::Index r = 0; r < rows.rows(); ++r) {
      const Eigen::VectorXf x = rows.row(r).transpose();
      explanations.push_back(interactions_ ? shap_.ExplainWithInteractions(x) : shap_.Explain(x));
    }
    return explanations;
  }

  TreeEnsemble model_;
  JobConfig config_;
  TreeShap shap_;  // reads model_, which is never moved: explainers live on the heap
  bool interactions_;
};

TreeEnsemble ParseTreeModel(const std::string& model_text) {
  if constexpr (kFullCore) {
    if (LooksLikeLightgbmText(model_text)) {
      return ParseLightgbmText(model_text, "the LightGBM model");
    }
    if (!LooksLikeXgboostJson(model_text) && IsDistilledTreeFamily(DistilledFamily(model_text))) {
      return ReadDistilledTrees(model_text, "the distilled model");
    }
  }
  return ParseXgboostJson(model_text, "the XGBoost model");
}

// `model_text`: XGBoost's save_model() JSON or (kFullCore) LightGBM's model.txt or a distilled
// model of a tree family (tree, rule_list).
TreeExplainer* CreateTreeExplainer(const std::string& model_text, const std::string& config_text,
                                   const val& background) {
  return Guarded(
      [&] { return new TreeExplainer(ParseTreeModel(model_text), config_text, background); });
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

}  // namespace
}  // namespace whyrec::wasm

EMSCRIPTEN_BINDINGS(whyrec_trees) {
  emscripten::class_<whyrec::wasm::TreeExplainer>("TreeExplainer")
      .function("explainJson", &whyrec::wasm::TreeExplainer::explainJson)
#ifndef WHYREC_WIDGET_CORE
      .function("explainArrays", &whyrec::wasm::TreeExplainer::explainArrays)
#endif
      ;
  emscripten::constant("fullTreeCore", whyrec::wasm::kFullCore);
  emscripten::function("createTreeExplainer", &whyrec::wasm::CreateTreeExplainer,
                       emscripten::allow_raw_pointers());
  emscripten::function("createOnnxTreeExplainer", &whyrec::wasm::CreateOnnxTreeExplainer,
                       emscripten::allow_raw_pointers());
}
