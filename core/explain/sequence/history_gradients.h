#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/explain/attribution/integrated_gradients.h"
#include "core/explain/sequence/history_config.h"

namespace whyrec {

// Integrated Gradients of a history model's target over its items' embeddings. The model is
// the form that reads embeddings: history_embeddings [batch, L, d] with the history's ids
// (for its padding mask) beside them. The path runs from all-zero embeddings (the padding
// item's, in SASRec-style models) to the history's own; every item keeps its position. Each
// row the job asks for goes with the same ids, ids().
class HistoryGradients {
 public:
  // `embeddings`: the L x d embeddings of the whole history, row-major (what the id model
  // exports). Settings: steps (20), relative_step (0.25), max_batch_rows.
  HistoryGradients(const nlohmann::ordered_json& config, std::vector<int64_t> items,
                   const std::vector<float>& embeddings);

  RowBatch next() { return job_->next(); }
  void tell(ConstMatrixView scores);
  Explanation result() const;

  const IdBatch& ids() const { return ids_; }
  int embedding_dim() const { return dim_; }

 private:
  HistoryConfig config_;
  int dim_;
  IdBatch ids_;
  std::unique_ptr<IntegratedGradients> job_;
};

}  // namespace whyrec
