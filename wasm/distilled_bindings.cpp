// Embind adaptor for distilled additive models (the whyrec-distilled JSON): their predictions, and
// their exact interventional Shapley values in closed form (DistilledModel::Shapley) against the
// request's weighted background. Both take the model's JSON text, so JS holds no C++ object to
// free.
#include <emscripten/bind.h>

#include <optional>
#include <string>
#include <vector>

#include "core/explain/explanation_json.h"
#include "core/models/distilled_model.h"
#include "wasm/js_bridge.h"

namespace whyrec::wasm {
namespace {

const char kSource[] = "the distilled model";

// Reading the JSON takes 13-15 ms in the widget's core for the demo's 105 KB model, far longer
// than explaining a row: the last model read is kept while the same text comes back (a page's
// widgets all name one model). A text that fails to read leaves it as it was.
DistilledModel& ModelOf(const std::string& text) {
  static std::string last_text;
  static std::optional<DistilledModel> last;
  if (!last || text != last_text) {
    last.emplace(DistilledModel::FromJson(text, kSource));
    last_text = text;
  }
  return *last;
}

// The model's `output` (0: "margin" or "prediction", 1: "prob") on rows of its features.
val DistilledPredict(const std::string& model_text, const val& rows, int output) {
  return Guarded([&] {
    DistilledModel& model = ModelOf(model_text);
    if (output < 0 || output >= static_cast<int>(model.output_names().size())) {
      throw std::invalid_argument("the distilled model has no output " + std::to_string(output));
    }
    const RowMatrixF x = ToRows(rows, model.input_width(), "the rows");
    const RowMatrixF out = model.Predict(ConstMatrixView(x.data(), x.rows(), x.cols()), output);
    return val::global("Float32Array").new_(emscripten::typed_memory_view(out.size(), out.data()));
  });
}

// The request's feature names must be the model's, in its order: rows are matched by position.
void RequireModelNames(const DistilledModel& model, const Schema& schema) {
  const std::vector<std::string> names = schema.feature_names();
  const auto& expected = model.feature_names();
  if (names.size() != expected.size()) {
    throw std::invalid_argument("the distilled model has " + std::to_string(expected.size()) +
                                " features, the request " + std::to_string(names.size()));
  }
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] != expected[i]) {
      throw std::invalid_argument("feature " + std::to_string(i) + " is \"" + names[i] +
                                  "\" in the request but \"" + expected[i] +
                                  "\" in the distilled model");
    }
  }
}

// Exact Shapley values of the margin (the model's first output) for each instance; a player's
// value is the sum of its features' (exact for groups too: every term is a game of at most two
// features, so a pair inside one group is that group's main effect).
std::string DistilledShapleyJson(const std::string& model_text, const std::string& config_text,
                                 const val& instances, const val& background) {
  return Guarded([&] {
    const DistilledModel& model = ModelOf(model_text);
    const JobConfig config = ParseConfig(config_text, background);
    RequireModelNames(model, config.schema);
    const std::string output = model.output_names()[0];
    if (!config.output.empty() && config.output != output) {
      throw std::invalid_argument("the closed form explains the distilled model's \"" + output +
                                  "\" output, not \"" + config.output +
                                  "\": explain it with method \"exact\" or \"kernel\"");
    }
    const RowMatrixF rows = ToRows(instances, model.input_width(), "the instances");
    const Background& b = config.background;
    double base = 0.0;
    for (int r = 0; r < b.size(); ++r)
      base += b.weights()[r] * model.Margin(b.rows().row(r).data());
    const int players = config.schema.num_players();
    std::vector<Explanation> explanations;
    for (Eigen::Index i = 0; i < rows.rows(); ++i) {
      const float* x = rows.row(i).data();
      const Eigen::VectorXd phi = model.Shapley(x, b);
      Explanation e;
      e.method = "additive";
      e.player_names = config.schema.player_names();
      e.values = Eigen::MatrixXd::Zero(1, players);
      for (int g = 0; g < players; ++g) {
        for (int column : config.schema.players()[g].columns) e.values(0, g) += phi[column];
      }
      e.std_errors = Eigen::MatrixXd::Zero(1, players);
      e.base_value = Eigen::VectorXd::Constant(1, base);
      e.model_output = Eigen::VectorXd::Constant(1, model.Margin(x));
      e.settings["background_rows"] = b.size();
      e.settings["players"] = players;
      e.settings["space"] = "margin";
      explanations.push_back(std::move(e));
    }
    return ExplanationsToJson(explanations, output).dump();
  });
}

}  // namespace
}  // namespace whyrec::wasm

EMSCRIPTEN_BINDINGS(whyrec_distilled) {
  emscripten::function("distilledPredict", &whyrec::wasm::DistilledPredict);
  emscripten::function("distilledShapley", &whyrec::wasm::DistilledShapleyJson);
}
