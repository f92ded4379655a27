#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/explain/explanation.h"
#include "native/history_model.h"

namespace whyrec {

// The ONNX models one history's explanation runs.
struct HistoryModels {
  HistoryModel* ids = nullptr;
  EmbeddingHistoryModel* embeddings = nullptr;  // --method integrated_gradients only
};

// The methods of `whyrec explain-history`: the core's history explainers (exact, kernel,
// permutation, auto, occlusion), integrated_gradients, attention and counterfactual.
std::vector<std::string> HistoryMethods();

// Throws std::invalid_argument unless `models` can run `method`: integrated_gradients needs an
// embeddings model and the id model's output "history_embeddings" [batch, L, d]; attention needs
// outputs named "attention..." [batch, heads, L, L]; no other method reads an embeddings model.
void CheckHistoryModels(const std::string& method, const HistoryModels& models);

// Explains one history by `method`. `config` holds ParseHistoryConfig's keys and the method's
// settings; without a "target" the history's top recommendation is explained: the
// highest-scoring item that is neither in the history nor the padding id (ties: the lower id).
// integrated_gradients: the id model's "history_embeddings" give the path's end, and each row
// the job asks for runs through the embeddings model with the history's padded ids.
// attention: one run; the values are the rollout of the attention outputs (in name order,
// attention_2 before attention_10), summed over each player's items; no base value (NaN, null
// in the JSON); the maps become the extra field "attention". With `faithfulness`, deletion
// and insertion curves in the order of the values become the extra field "faithfulness".
// counterfactual: the fewest history items whose removal (or candidates whose addition, with
// "counterfactual": "add", which needs a target) moves the target across the top k
// (core/explain/counterfactual/counterfactual_explanation.h).
Explanation ExplainHistory(const std::string& method, nlohmann::ordered_json config,
                           const std::vector<int64_t>& items, const HistoryModels& models,
                           bool faithfulness);

}  // namespace whyrec
