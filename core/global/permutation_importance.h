#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/global/metrics.h"
#include "core/global/step_batches.h"
#include "core/matrix.h"
#include "core/random.h"
#include "core/schema.h"

namespace whyrec {

struct PermutationImportanceOptions {
  int repeats = 5;
  uint64_t seed = 0;
  // Against a label column: logloss, auc or rmse. Against the model's own output (no labels):
  // rmse between the permuted and the original predictions.
  Metric metric = Metric::kRmse;
  int64_t max_batch_rows = 65536;
};

struct PermutationImportanceResult {
  std::vector<std::string> player_names;
  std::string metric;
  bool against_labels = false;
  double baseline = 0;              // the metric on the data as it is
  Eigen::VectorXd importance;       // per player: mean over repeats of the metric's worsening
  Eigen::VectorXd std_dev;          // over repeats
  Eigen::VectorXd ci_low, ci_high;  // 95% t-interval of the mean
  Eigen::MatrixXd per_repeat;       // players x repeats
  int64_t evaluations = 0;
};

// Permutation importance (Breiman 2001; Fisher et al. 2019): how much worse the model scores
// when one player's columns are shuffled across rows, repeated with fresh shuffles. Asks for
// the data once, then one permuted copy per player and repeat.
class PermutationImportance {
 public:
  PermutationImportance(Schema schema, RowMatrixF data, std::optional<Eigen::VectorXd> labels,
                        PermutationImportanceOptions options = {});

  RowBatch next() { return steps_.next(); }
  void tell(ConstMatrixView outputs) { steps_.tell(outputs); }
  PermutationImportanceResult result() const;

 private:
  void FillStep(int64_t step, RowMatrixF* out, Eigen::Index first) const;

  Schema schema_;
  RowMatrixF data_;
  std::optional<Eigen::VectorXd> labels_;
  PermutationImportanceOptions options_;
  std::vector<std::vector<int>> permutations_;  // per (repeat, player) step, drawn up front
  StepBatches steps_;
};

}  // namespace whyrec
