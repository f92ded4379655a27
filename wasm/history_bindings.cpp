// Embind adaptor for history explanations (core/explain/sequence/): the core edits the
// histories, JS runs the model on them. Item ids cross as Int32Array (ids of 2^31 or more are
// refused here), scores as Float32Array.
#include <emscripten/bind.h>

#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/explain/counterfactual/counterfactual_explanation.h"
#include "core/explain/sequence/attention_explanation.h"
#include "core/explain/sequence/faithfulness.h"
#include "core/explain/sequence/history_csv.h"
#include "core/explain/sequence/history_explainers.h"
#include "core/explain/sequence/history_gradients.h"
#include "core/explain/sequence/history_json.h"
#include "wasm/ask_tell_handle.h"
#include "wasm/js_bridge.h"

namespace whyrec::wasm {
namespace {

using Int32Rows = Eigen::Matrix<int32_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

Json ParseObject(const std::string& text) {
  Json config = Json::parse(text, nullptr, false);
  if (config.is_discarded() || !config.is_object()) {
    throw std::invalid_argument("config must be a JSON object");
  }
  return config;
}

std::vector<int64_t> ToItems(const val& items) {
  std::vector<int64_t> ids =
      ItemIdsFromNumbers(emscripten::convertJSArrayToNumberVector<double>(items));
  for (size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] > std::numeric_limits<int32_t>::max()) {
      throw std::invalid_argument("history item " + std::to_string(i) + " (id " +
                                  std::to_string(ids[i]) +
                                  ") is too large for the browser build (ids below 2^31)");
    }
  }
  return ids;
}

Int32Rows ToInt32(const IdBatch& ids) { return ids.cast<int32_t>(); }

val View(const Int32Rows& ids) {
  return val(emscripten::typed_memory_view(static_cast<size_t>(ids.size()), ids.data()));
}

// A history job (an explainer or curves over the mask game) owned by JS: next() is a view of
// edited histories, rows x L ids, valid until the next call into the core.
template <typename Job>
class HistoryHandle {
 public:
  using ToJson = std::function<std::string(const Job&)>;

  HistoryHandle(std::unique_ptr<Job> job, ToJson to_json)
      : job_(std::move(job)), to_json_(std::move(to_json)) {}

  val next() {
    return Guarded([&] {
      ids_ = ToInt32(job_->next());
      return View(ids_);
    });
  }
  void tell(const val& scores, int per_row) {
    Guarded([&] { TellOutputs(scores, per_row, ids_.rows(), *job_); });
  }
  std::string resultJson() const {
    return Guarded([&] { return to_json_(*job_); });
  }
  int width() const { return job_->history().layout().length; }

  static void Bind(const char* name) {
    emscripten::class_<HistoryHandle>(name)
        .function("next", &HistoryHandle::next)
        .function("tell", &HistoryHandle::tell)
        .function("resultJson", &HistoryHandle::resultJson)
        .function("width", &HistoryHandle::width);
  }

 private:
  std::unique_ptr<Job> job_;
  ToJson to_json_;
  Int32Rows ids_;
};

using ExplainerHandle = HistoryHandle<HistoryExplainer>;
using CurvesHandle = HistoryHandle<HistoryCurves>;
using GradientsHandle = AskTellHandle<HistoryGradients>;
using CounterfactualHandle = HistoryHandle<CounterfactualSearch>;

std::string OutputName(const Json& config) { return config.value("output", "score"); }

// The model input of a whole history (1 x L ids), checked as every job checks it.
val HistoryInput(const std::string& config_text, const val& items) {
  return Guarded([&] {
    const Json config = ParseObject(config_text);
    const HistoryLayout layout = ParseHistoryLayout(config);
    IdBatch ids(1, layout.length);
    History(ToItems(items), layout, config.value("num_items", int64_t{0})).WriteFull(ids.data());
    const Int32Rows copy = ToInt32(ids);
    return val::global("Int32Array").new_(View(copy));
  });
}

ExplainerHandle* CreateHistoryJob(const std::string& method, const std::string& config_text,
                                  const val& items) {
  return Guarded([&] {
    const Json config = ParseObject(config_text);
    const std::string output = OutputName(config);
    return new ExplainerHandle(MakeHistoryExplainer(method, config, ToItems(items)),
                               [output](const HistoryExplainer& job) {
                                 return HistoryExplanationsToJson({job.result()}, output).dump();
                               });
  });
}

// The counterfactual search (core/explain/counterfactual/): the config holds
// ParseCounterfactualConfig's keys, with the target resolved.
CounterfactualHandle* CreateHistoryCounterfactual(const std::string& config_text,
                                                  const val& items) {
  return Guarded([&] {
    const Json config = ParseObject(config_text);
    const std::string output = OutputName(config);
    return new CounterfactualHandle(
        std::make_unique<CounterfactualSearch>(ParseCounterfactualConfig(config, ToItems(items))),
        [output](const CounterfactualSearch& search) {
          return HistoryExplanationsToJson(
                     {CounterfactualExplanation(search.config(), search.result())}, output)
              .dump();
        });
  });
}

CurvesHandle* CreateHistoryCurves(const std::string& config_text, const val& items,
                                  const val& order) {
  return Guarded([&] {
    const auto players = emscripten::convertJSArrayToNumberVector<int>(order);
    return new CurvesHandle(
        MakeHistoryCurves(ParseObject(config_text), ToItems(items), players),
        [](const HistoryCurves& job) { return FaithfulnessJson(job.result()).dump(); });
  });
}

GradientsHandle* CreateHistoryGradients(const std::string& config_text, const val& items,
                                        const val& embeddings) {
  return Guarded([&] {
    const Json config = ParseObject(config_text);
    const std::string output = OutputName(config);
    auto job = std::make_unique<HistoryGradients>(
        config, ToItems(items), emscripten::convertJSArrayToNumberVector<float>(embeddings));
    const int width = static_cast<int>(job->ids().cols()) * job->embedding_dim();
    return new GradientsHandle(std::move(job), width, [output](const HistoryGradients& done) {
      return HistoryExplanationsToJson({done.result()}, output).dump();
    });
  });
}

// The histories of a histories.csv text (core/explain/sequence/history_csv.h), as arrays of ids:
// the CLI's reader and errors, so a page numbers rows as the CLI does.
val ParseHistories(const std::string& text, const std::string& source) {
  return Guarded([&] {
    val histories = val::array();
    for (const auto& items : ParseHistoriesCsv(text, source)) {
      val ids = val::array();
      for (int64_t id : items) ids.call<void>("push", static_cast<double>(id));
      histories.call<void>("push", ids);
    }
    return histories;
  });
}

// The attention explanation (core/explain/sequence/attention_explanation.h) from the model's
// attention outputs (layers x heads x L x L weights, row-major) and the whole history's scores.
std::string HistoryAttentionJson(const std::string& config_text, const val& items, int layers,
                                 int heads, const val& weights, const val& scores) {
  return Guarded([&] {
    const Json config = ParseObject(config_text);
    const HistoryConfig c = ParseHistoryConfig(config, ToItems(items));
    const AttentionStack stack{layers, heads, c.history.layout().length,
                               emscripten::convertJSArrayToNumberVector<float>(weights)};
    const auto row = emscripten::convertJSArrayToNumberVector<float>(scores);
    const ConstMatrixView scores_row(row.data(), 1, static_cast<Eigen::Index>(row.size()));
    return HistoryExplanationsToJson({AttentionExplanation(c, stack, scores_row)},
                                     OutputName(config))
        .dump();
  });
}

}  // namespace
}  // namespace whyrec::wasm

EMSCRIPTEN_BINDINGS(whyrec_history) {
  using namespace whyrec::wasm;
  ExplainerHandle::Bind("HistoryJob");
  CurvesHandle::Bind("HistoryCurves");
  GradientsHandle::Bind("HistoryGradients");
  CounterfactualHandle::Bind("HistoryCounterfactual");
  emscripten::function("historyInput", &HistoryInput);
  emscripten::function("parseHistories", &ParseHistories);
  emscripten::function("createHistoryJob", &CreateHistoryJob, emscripten::allow_raw_pointers());
  emscripten::function("createHistoryCounterfactual", &CreateHistoryCounterfactual,
                       emscripten::allow_raw_pointers());
  emscripten::function("createHistoryCurves", &CreateHistoryCurves,
                       emscripten::allow_raw_pointers());
  emscripten::function("createHistoryGradients", &CreateHistoryGradients,
                       emscripten::allow_raw_pointers());
  emscripten::function("historyAttentionJson", &HistoryAttentionJson);
}
