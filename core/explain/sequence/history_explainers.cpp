#include "core/explain/sequence/history_explainers.h"

#include <stdexcept>

#include "core/explain/attribution/occlusion.h"
#include "core/explain/explainer_factory.h"

namespace whyrec {
namespace {

// The mask game's explainer records what it explained, for the JSON and for charts.
class RecordingExplainer : public Explainer {
 public:
  RecordingExplainer(std::unique_ptr<Explainer> inner, nlohmann::ordered_json extra)
      : inner_(std::move(inner)), extra_(std::move(extra)) {}
  RowBatch next() override { return inner_->next(); }
  void tell(ConstMatrixView outputs) override { inner_->tell(outputs); }
  Explanation result() const override {
    Explanation e = inner_->result();
    for (const auto& field : extra_.items()) e.extra[field.key()] = field.value();
    e.settings.erase("background_rows");
    return e;
  }

 private:
  std::unique_ptr<Explainer> inner_;
  nlohmann::ordered_json extra_;
};

}  // namespace

Eigen::VectorXf MaskGameInstance(int width) { return Eigen::VectorXf::Ones(width); }

Background MaskGameBackground(int width) { return Background::Uniform(RowMatrixF::Zero(1, width)); }

std::vector<std::string> HistoryExplainerMethods() {
  return {"exact", "kernel", "permutation", "auto", "occlusion"};
}

std::unique_ptr<HistoryExplainer> MakeHistoryExplainer(const std::string& method,
                                                       const nlohmann::ordered_json& config,
                                                       std::vector<int64_t> items) {
  HistoryConfig c = ParseHistoryConfig(config, std::move(items));
  const int width = c.history.size();
  std::unique_ptr<Explainer> inner;
  if (method == "occlusion") {
    inner =
        std::make_unique<Occlusion>(c.schema, MaskGameInstance(width), MaskGameBackground(width),
                                    Link::kIdentity, c.max_batch_rows);
  } else if (method == "lime" || method == "anchors") {
    throw std::invalid_argument("method '" + method + "' does not explain histories; use " +
                                "exact, kernel, permutation, auto or occlusion");
  } else {
    nlohmann::ordered_json settings = config;
    settings["max_batch_rows"] = c.max_batch_rows;
    // Scores change with a history's length, whoever is in it, and an item's effect with the
    // items after it: Kernel SHAP's surrogate models both by default here (recency only when
    // the players are the items in time order, not groups), and then draws coalition sizes by
    // kernel mass, which suits it better than equal shares per size (bench/README.md).
    if (!settings.contains("surrogate")) {
      settings["surrogate"] = config.contains("groups") ? "size_trees" : "recency";
    }
    if (!settings.contains("sampling") && settings["surrogate"] == "recency") {
      settings["sampling"] = "kernel";
    }
    inner = MakeExplainer(method, settings, c.schema, MaskGameInstance(width),
                          MaskGameBackground(width));
  }
  nlohmann::ordered_json extra = DescribeHistory(c);
  auto recording = std::make_unique<RecordingExplainer>(std::move(inner), std::move(extra));
  return std::make_unique<HistoryExplainer>(std::move(c.history), c.target, std::move(recording));
}

std::unique_ptr<HistoryCurves> MakeHistoryCurves(const nlohmann::ordered_json& config,
                                                 std::vector<int64_t> items,
                                                 std::vector<int> order) {
  HistoryConfig c = ParseHistoryConfig(config, std::move(items));
  const int width = c.history.size();
  auto curves =
      std::make_unique<FidelityCurves>(c.schema, MaskGameInstance(width), MaskGameBackground(width),
                                       std::move(order), c.max_batch_rows);
  return std::make_unique<HistoryCurves>(std::move(c.history), c.target, std::move(curves));
}

}  // namespace whyrec
