// Embind adaptor for distilled additive models (the whyrec-distilled JSON): their predictions, and
// their exact interventional Shapley values in closed form (DistilledShapley) against the
// request's weighted background. The core holds one model, read by distilledLoad(spec) and used by
// the calls after it (JS loads again when it switches models), so that JS holds no C++ object to
// free. `spec` is the document JS already parsed (JSON.parse): its numbers cross as typed arrays
// and are checked here as DistilledModel::FromJson checks a file's. Reading the demo's 213 KB
// text in the core instead took 130-180 ms of a cold storefront's worker (lazily compiled
// WebAssembly), and copying it into the core 1-2 ms a call.
#include <emscripten/bind.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "core/explain/explanation_json.h"
#include "core/explain/shapley/distilled_shapley.h"
#include "core/json_dom.h"
#include "core/models/distilled_model.h"
#include "wasm/js_bridge.h"

namespace whyrec::wasm {
namespace {

const char kSource[] = "the distilled model";

std::optional<DistilledModel>& Loaded() {
  static std::optional<DistilledModel> model;
  return model;
}

DistilledModel& ModelOf() {
  if (!Loaded()) throw std::logic_error("no distilled model is loaded: call distilledLoad");
  return *Loaded();
}

bool IsArray(const val& value) { return val::global("Array").call<bool>("isArray", value); }

// JSON.stringify(value), keeping only the object keys in `keys` when given.
std::string JsonText(const val& value, const val& keys = val::null()) {
  const val text = val::global("JSON").call<val>("stringify", value, keys);
  return text.isString() ? text.as<std::string>() : "undefined";
}

// A JS array of finite numbers; otherwise the error FiniteNumber gives for a file's, naming the
// array `what` and its i-th entry `element(i)`.
template <typename Element>
std::vector<double> FiniteNumbers(const val& array, const std::string& what, Element element) {
  if (!IsArray(array)) FailDistilled(kSource, what + " must be an array of numbers");
  if (!array.call<bool>("every", val::global("Number")["isFinite"])) {
    const size_t n = array["length"].as<size_t>();
    for (size_t i = 0; i < n; ++i) {
      const val v = array[i];
      if (!v.isNumber()) {
        FailDistilled(kSource, element(i) + " must be a number, got " + JsonText(v));
      }
      if (!std::isfinite(v.as<double>())) FailDistilled(kSource, element(i) + " must be finite");
    }
  }
  return emscripten::convertJSArrayToNumberVector<double>(array);
}

// Term `where` of the document, as ParseTerm reads a file's.
DistilledTerm TermOf(const val& t, const std::vector<std::string>& names,
                     const std::string& where) {
  if (t.typeOf().as<std::string>() != "object" || t.isNull() || IsArray(t)) {
    FailDistilled(kSource, where + " must be an object");
  }
  for (const char* key : {"features", "cuts", "scores"}) {
    if (t[key].isUndefined()) FailDistilled(kSource, where + " has no \"" + key + "\"");
  }
  const val features = t["features"];
  const size_t arity = IsArray(features) ? features["length"].as<size_t>() : 0;
  if (arity < 1 || arity > 2) {
    FailDistilled(kSource, where + " \"features\" must name 1 or 2 features");
  }
  DistilledTerm term;
  for (size_t k = 0; k < arity; ++k) {
    const DistilledJson name = ParseJsonDom(JsonText(features[k]), kSource);
    term.features.push_back(FeatureIndex(name, names, kSource, where));
  }
  const val cuts = t["cuts"];
  if (!IsArray(cuts) || cuts["length"].as<size_t>() != arity) {
    FailDistilled(kSource, where + " \"cuts\" must hold one array per feature (" +
                               std::to_string(arity) + ")");
  }
  for (size_t k = 0; k < arity; ++k) {
    const std::string cut_where = where + " cuts of \"" + names[term.features[k]] + "\"";
    const std::vector<double> c =
        FiniteNumbers(cuts[k], cut_where, [&](size_t) { return cut_where; });
    term.cuts.emplace_back(c.begin(), c.end());
  }
  term.scores = FiniteNumbers(t["scores"], where + " \"scores\"",
                              [&](size_t i) { return where + " score " + std::to_string(i); });
  CheckDistilledTerm(term, names, kSource, where);
  return term;
}

// Reads `spec`, a parsed whyrec-distilled document of family ga2m, as the model the calls after
// it use; one that fails to read leaves no model loaded.
void DistilledLoad(const val& spec) {
  Guarded([&] {
    Loaded().reset();
    const val head_keys = val::array(std::vector<std::string>{"format", "version", "family", "link",
                                                              "feature_names", "intercept"});
    Ga2mHead head = ReadGa2mHead(ParseJsonDom(JsonText(spec, head_keys), kSource), kSource);
    const std::vector<std::string>& names = head.header.feature_names;
    const val terms_js = spec["terms"];
    if (terms_js.isUndefined()) FailDistilled(kSource, "the model has no \"terms\"");
    if (!IsArray(terms_js)) FailDistilled(kSource, "\"terms\" must be an array");
    std::vector<DistilledTerm> terms;
    const size_t n = terms_js["length"].as<size_t>();
    for (size_t i = 0; i < n; ++i) {
      terms.push_back(TermOf(terms_js[i], names, "term " + std::to_string(i)));
    }
    Loaded().emplace(std::move(head.header.feature_names), head.intercept, std::move(terms),
                     head.header.link);
  });
}

// The loaded model's `output` (0: "margin" or "prediction", 1: "prob") on rows of its features.
val DistilledPredict(const val& rows, int output) {
  return Guarded([&] {
    DistilledModel& model = ModelOf();
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

// Exact Shapley values of the loaded model's margin (its first output) for each instance, the
// background's part summed once for all of them, for the bins they fall in
// (core/explain/shapley/distilled_shapley.h).
std::string DistilledShapleyJson(const std::string& config_text, const val& instances,
                                 const val& background) {
  return Guarded([&] {
    const DistilledModel& model = ModelOf();
    const JobConfig config = ParseConfig(config_text, background);
    RequireModelNames(model, config.schema);
    const std::string output = model.output_names()[0];
    if (!config.output.empty() && config.output != output) {
      throw std::invalid_argument("the closed form explains the distilled model's \"" + output +
                                  "\" output, not \"" + config.output +
                                  "\": explain it with method \"exact\" or \"kernel\"");
    }
    const RowMatrixF rows = ToRows(instances, model.input_width(), "the instances");
    const DistilledShapley shapley(model, config.background, &rows);
    std::vector<Explanation> explanations;
    for (Eigen::Index i = 0; i < rows.rows(); ++i) {
      explanations.push_back(DistilledExplanation(shapley, config.schema, rows.row(i).data()));
    }
    return ExplanationsToJson(explanations, output).dump();
  });
}

}  // namespace
}  // namespace whyrec::wasm

EMSCRIPTEN_BINDINGS(whyrec_distilled) {
  emscripten::function("distilledLoad", &whyrec::wasm::DistilledLoad);
  emscripten::function("distilledPredict", &whyrec::wasm::DistilledPredict);
  emscripten::function("distilledShapley", &whyrec::wasm::DistilledShapleyJson);
}
