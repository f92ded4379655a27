#include "native/explain_history.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "core/explain/counterfactual/counterfactual_explanation.h"
#include "core/explain/sequence/attention_explanation.h"
#include "core/explain/sequence/faithfulness.h"
#include "core/explain/sequence/history_config.h"
#include "core/explain/sequence/history_explainers.h"
#include "core/explain/sequence/history_gradients.h"
#include "core/explain/sequence/history_json.h"

namespace whyrec {
namespace {

constexpr char kEmbeddingsOutput[] = "history_embeddings";

template <typename Job>
auto DriveHistoryJob(Job& job, HistoryModel& model) {
  for (IdBatch ids = job.next(); ids.rows() > 0; ids = job.next()) {
    const RowMatrixF scores = model.Scores(ids);
    job.tell(ConstMatrixView(scores.data(), scores.rows(), scores.cols()));
  }
  return job.result();
}

IdBatch FullHistory(const History& history) {
  IdBatch ids(1, history.layout().length);
  history.WriteFull(ids.data());
  return ids;
}

int64_t TopRecommendation(const History& history, HistoryModel& model) {
  const RowMatrixF scores = model.Scores(FullHistory(history));
  std::vector<int64_t> excluded = history.items();
  excluded.push_back(history.layout().pad_id);
  std::sort(excluded.begin(), excluded.end());
  return TopItem(scores.data(), scores.cols(), excluded.data(),
                 static_cast<int64_t>(excluded.size()));
}

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// Digit runs compare as numbers, so attention_2 comes before attention_10.
bool NaturalLess(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (!IsDigit(a[i]) || !IsDigit(b[j])) {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i, ++j;
      continue;
    }
    size_t x = i, y = j;
    while (x < a.size() && IsDigit(a[x])) ++x;
    while (y < b.size() && IsDigit(b[y])) ++y;
    if (x - i != y - j) return x - i < y - j;
    const int order = a.compare(i, x - i, b, j, y - j);
    if (order != 0) return order < 0;
    i = x, j = y;
  }
  return a.size() - i < b.size() - j;
}

std::vector<std::string> AttentionOutputs(const HistoryModel& model) {
  std::vector<std::string> names;
  for (const auto& name : model.output_names()) {
    if (name.rfind("attention", 0) == 0) names.push_back(name);
  }
  std::sort(names.begin(), names.end(), NaturalLess);
  return names;
}

Explanation Gradients(const nlohmann::ordered_json& config, const std::vector<int64_t>& items,
                      const HistoryModels& models) {
  const HistoryConfig c = ParseHistoryConfig(config, items);
  const int64_t length = c.history.layout().length;
  const FloatTensor embeddings = models.ids->Run(FullHistory(c.history), {kEmbeddingsOutput})[0];
  const auto& shape = embeddings.shape;
  if (shape.size() != 3 || shape[0] != 1 || shape[1] != length || shape[2] < 1) {
    throw std::invalid_argument(
        models.ids->path() + ": output '" + kEmbeddingsOutput +
        "' must have shape [batch, L, d] with L = " + std::to_string(length));
  }
  HistoryGradients job(config, items, embeddings.values);
  for (RowBatch rows = job.next(); rows.rows() > 0; rows = job.next()) {
    const IdBatch ids = job.ids().replicate(rows.rows(), 1);
    const RowMatrixF scores = models.embeddings->Scores(
        ConstMatrixView(rows.data(), rows.rows(), rows.cols()), ids, job.embedding_dim());
    job.tell(ConstMatrixView(scores.data(), scores.rows(), scores.cols()));
  }
  return job.result();
}

// Attention is read, not computed: one run of the whole history gives the target's output and
// the attention maps.
Explanation Attention(const nlohmann::ordered_json& config, const std::vector<int64_t>& items,
                      HistoryModel& model) {
  const HistoryConfig c = ParseHistoryConfig(config, items);
  const int length = c.history.layout().length;
  std::vector<std::string> outputs = AttentionOutputs(model);
  outputs.insert(outputs.begin(), model.scores_output());
  const std::vector<FloatTensor> tensors = model.Run(FullHistory(c.history), outputs);
  const FloatTensor& scores = tensors[0];
  if (scores.shape.size() != 2 || scores.shape[0] != 1) {
    throw std::invalid_argument(model.path() + ": output '" + outputs[0] +
                                "' must have shape [batch, items]");
  }
  AttentionStack stack;
  stack.layers = static_cast<int>(tensors.size()) - 1;
  stack.length = length;
  for (size_t l = 1; l < tensors.size(); ++l) {
    const auto& shape = tensors[l].shape;
    if (shape.size() != 4 || shape[0] != 1 || shape[1] < 1 || shape[2] != length ||
        shape[3] != length || (l > 1 && shape[1] != stack.heads)) {
      throw std::invalid_argument(
          model.path() + ": output '" + outputs[l] +
          "' must have shape [batch, heads, L, L] with L = " + std::to_string(length) +
          " and as many heads as '" + outputs[1] + "'");
    }
    stack.heads = static_cast<int>(shape[1]);
    stack.weights.insert(stack.weights.end(), tensors[l].values.begin(), tensors[l].values.end());
  }
  return AttentionExplanation(c, stack, ConstMatrixView(scores.values.data(), 1, scores.shape[1]));
}

Explanation SearchCounterfactual(const nlohmann::ordered_json& config,
                                 const std::vector<int64_t>& items, HistoryModel& model) {
  CounterfactualSearch search(ParseCounterfactualConfig(config, items));
  return CounterfactualExplanation(search.config(), DriveHistoryJob(search, model));
}

}  // namespace

std::vector<std::string> HistoryMethods() {
  std::vector<std::string> methods = HistoryExplainerMethods();
  methods.push_back("integrated_gradients");
  methods.push_back("attention");
  methods.push_back("counterfactual");
  return methods;
}

void CheckHistoryModels(const std::string& method, const HistoryModels& models) {
  const auto& outputs = models.ids->output_names();
  if (method == "integrated_gradients") {
    if (!models.embeddings) {
      throw std::invalid_argument(
          "--method integrated_gradients needs --embeddings-model: the form of the model that "
          "reads item embeddings [batch, L, d] and ids [batch, L]");
    }
    if (std::find(outputs.begin(), outputs.end(), kEmbeddingsOutput) == outputs.end()) {
      throw std::invalid_argument("--method integrated_gradients reads the output '" +
                                  std::string(kEmbeddingsOutput) + "' of " + models.ids->path() +
                                  ", which has none");
    }
  } else if (models.embeddings) {
    throw std::invalid_argument(
        "--embeddings-model is read by --method integrated_gradients only, not by --method " +
        method);
  }
  if (method == "attention" && AttentionOutputs(*models.ids).empty()) {
    throw std::invalid_argument("--method attention reads the outputs of " + models.ids->path() +
                                " whose names start with 'attention'; it has none");
  }
}

Explanation ExplainHistory(const std::string& method, nlohmann::ordered_json config,
                           const std::vector<int64_t>& items, const HistoryModels& models,
                           bool faithfulness) {
  if (!config.contains("target") && config.value("counterfactual", "remove") == "add") {
    throw std::invalid_argument(
        "a counterfactual that adds items needs the item to bring into the top k: give its id as "
        "the target");
  }
  if (!config.contains("target")) {
    const History history(items, ParseHistoryLayout(config), config.value("num_items", int64_t{0}));
    config["target"] = TopRecommendation(history, *models.ids);
  }
  Explanation e;
  if (method == "integrated_gradients") {
    e = Gradients(config, items, models);
  } else if (method == "attention") {
    e = Attention(config, items, *models.ids);
  } else if (method == "counterfactual") {
    e = SearchCounterfactual(config, items, *models.ids);
  } else {
    auto job = MakeHistoryExplainer(method, config, items);
    e = DriveHistoryJob(*job, *models.ids);
  }
  if (faithfulness) {
    auto curves = MakeHistoryCurves(config, items, OrderByAttribution(e.values.row(0).transpose()));
    e.extra["faithfulness"] = FaithfulnessJson(DriveHistoryJob(*curves, *models.ids));
  }
  return e;
}

}  // namespace whyrec
