#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/explain/sequence/history.h"
#include "core/matrix.h"
#include "native/onnx_session.h"

namespace whyrec {

// A history model run by ONNX Runtime: one int64 input [batch, L] of item ids and float
// outputs, among them the item scores [batch, items] (column j = item j). One instance is
// shared by every thread; each call runs on the calling thread.
class HistoryModel {
 public:
  // `scores` names the scores output; empty: the output named "scores", else the first.
  HistoryModel(const std::string& path, const std::string& scores);

  const std::string& path() const { return path_; }
  // The input's L when the model fixes it, else -1.
  int64_t fixed_length() const { return fixed_length_; }
  std::optional<std::string> Metadata(const std::string& key) const;
  const std::vector<std::string>& output_names() const { return output_names_; }
  const std::string& scores_output() const { return scores_; }

  // The item scores (rows x items) of each row of ids.
  RowMatrixF Scores(const IdBatch& ids);
  // The named float outputs for the rows of ids, in the order asked.
  std::vector<FloatTensor> Run(const IdBatch& ids, const std::vector<std::string>& outputs);

 private:
  std::string path_;
  Ort::Session session_;
  std::string input_name_;
  int64_t fixed_length_ = -1;
  std::vector<std::string> output_names_;
  std::string scores_;
};

// The form of a history model that reads embeddings, for Integrated Gradients: a float input
// [batch, L, d] of the history's item embeddings and an int64 input [batch, L] of its ids (the
// padding mask), in either order; the item scores as HistoryModel has them.
class EmbeddingHistoryModel {
 public:
  EmbeddingHistoryModel(const std::string& path, const std::string& scores);

  // embeddings: rows x (L * dim), row-major; ids: rows x L.
  RowMatrixF Scores(ConstMatrixView embeddings, const IdBatch& ids, int64_t dim);

 private:
  std::string path_;
  Ort::Session session_;
  std::string embeddings_input_;
  std::string ids_input_;
  std::string scores_;
};

}  // namespace whyrec
