// Embind adaptor for distillation (the full core only: the widget's cores never fit models): the
// scores of a teacher the core evaluates (XGBoost, LightGBM, linear, distilled; ONNX teachers are
// scored by ONNX Runtime in JS), and Distill() on rows and the teacher's scores, with the
// fidelity report `whyrec distill --report` writes (less gzip_bytes and teacher_seconds, which
// JS adds).
#include <emscripten/bind.h>

#include <chrono>
#include <ctime>
#include <string>
#include <vector>

#include "core/distill/distill.h"
#include "core/distill/distill_report.h"
#include "core/distill/distill_settings.h"
#include "core/models/model_text.h"
#include "core/models/output_column.h"
#include "wasm/js_bridge.h"

namespace whyrec::wasm {
namespace {

// Column `column` of the teacher's output `output` (its first when empty; -1: its only column, see
// OutputColumn) on rows of `width` values, as the CLI takes it.
val DistillTeacherScores(const std::string& model_text, const val& rows, int width,
                         const std::string& output, int column) {
  return Guarded([&] {
    const auto model = ModelFromText(model_text, "the teacher");
    if (!model) {
      throw std::invalid_argument(
          "the teacher is not a model the core evaluates (XGBoost, LightGBM, linear or "
          "distilled JSON)");
    }
    if (model->input_width() >= 0 && model->input_width() != width) {
      throw std::invalid_argument("the data has " + std::to_string(width) +
                                  " feature columns but the teacher expects " +
                                  std::to_string(model->input_width()));
    }
    const RowMatrixF x = ToRows(rows, width, "the data");
    const int index = FindOutput(*model, output);
    const RowMatrixF out = model->Predict(ConstMatrixView(x.data(), x.rows(), x.cols()), index);
    const std::string name = "the teacher's output '" + model->output_names()[index] + "'";
    const Eigen::VectorXd scores =
        out.col(OutputColumn(out.cols(), column, name, "`column`")).cast<double>();
    return val::global("Float64Array")
        .new_(emscripten::typed_memory_view(scores.size(), scores.data()));
  });
}

// The rows, scores and settings of a distill call (config as DistillJson's).
struct DistillInput {
  DistillOptions options;
  std::vector<std::string> names;
  std::vector<int> lists;
  RowMatrixF x;
  Eigen::VectorXd t;
};

Eigen::VectorXd ToScores(const val& array) {
  const std::vector<double> scores = emscripten::convertJSArrayToNumberVector<double>(array);
  return Eigen::Map<const Eigen::VectorXd>(scores.data(), scores.size());
}

DistillInput ReadInput(const Json& config, const val& rows, const val& teacher) {
  DistillInput in;
  in.options = DistillOptionsFromJson(config.value("settings", Json::object()));
  in.names = config.at("feature_names").get<std::vector<std::string>>();
  in.lists = config.value("lists", std::vector<int>());
  in.x = ToRows(rows, static_cast<Eigen::Index>(in.names.size()), "the data");
  in.t = ToScores(teacher);
  return in;
}

// The synthetic rows for the teacher to score when settings.augment > 0 (SyntheticRowsFor the
// rows Distill will fit), row by row in a Float32Array; empty without augment.
val DistillSyntheticRows(const std::string& config_text, const val& rows, const val& teacher) {
  return Guarded([&] {
    const DistillInput in = ReadInput(Json::parse(config_text), rows, teacher);
    RowMatrixF synthetic;
    if (in.options.augment > 0) {
      synthetic = SyntheticRowsFor(
          SplitForDistill(in.x, in.t, in.names, in.lists, in.options).x_fit, in.options);
    }
    return val::global("Float32Array")
        .new_(emscripten::typed_memory_view(synthetic.size(), synthetic.data()));
  });
}

// config: {"settings": {... DistillOptionsFromJson ...}, "feature_names": [...], "lists": [...]
// (a list id per row, or absent), "teacher": "...", "group": "..."}; rows of the feature names'
// width and one teacher score per row; with settings.augment, DistillSyntheticRows's rows and
// the teacher's scores on them (else empty arrays). Returns {"model": the model's JSON text,
// "report": {...}}.
std::string DistillJson(const std::string& config_text, const val& rows, const val& teacher,
                        const val& synthetic_rows, const val& synthetic_teacher) {
  return Guarded([&] {
    const Json config = Json::parse(config_text);
    const DistillInput in = ReadInput(config, rows, teacher);
    const DistillOptions& options = in.options;
    SyntheticRows synthetic;
    if (synthetic_rows["length"].as<int>() > 0) {
      synthetic.x = ToRows(synthetic_rows, in.x.cols(), "the synthetic rows");
    }
    synthetic.t = ToScores(synthetic_teacher);
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    const std::clock_t cpu_start = std::clock();
    const DistillResult result = Distill(in.x, in.t, in.names, in.lists, options, synthetic);
    const double fit_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    const double fit_cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    const DistillRun run{config.value("teacher", ""), options.family, options.seed,
                         config.value("group", "")};
    Json report = DistillReportJson(run, result);
    report["fit_seconds"] = fit_seconds;
    report["fit_cpu_seconds"] = fit_cpu_seconds;
    Json answer;
    answer["model"] = result.model_json;
    answer["report"] = std::move(report);
    return answer.dump();
  });
}

}  // namespace
}  // namespace whyrec::wasm

EMSCRIPTEN_BINDINGS(whyrec_distill) {
  emscripten::function("distillTeacherScores", &whyrec::wasm::DistillTeacherScores);
  emscripten::function("distillSyntheticRows", &whyrec::wasm::DistillSyntheticRows);
  emscripten::function("distill", &whyrec::wasm::DistillJson);
}
