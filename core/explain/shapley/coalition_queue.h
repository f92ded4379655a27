#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "core/background.h"
#include "core/explain/shapley/coalition_rows.h"
#include "core/link.h"
#include "core/matrix.h"
#include "core/schema.h"

namespace whyrec {

// Coalitions waiting for their values, for sampling explainers that decide what to evaluate in
// rounds. Push coalitions, hand out their model rows in bounded batches, and reduce the outputs
// to coalition values: v(S) = link(sum over background rows b of w_b f(x_S, b)).
class CoalitionQueue {
 public:
  CoalitionQueue(const Schema& schema, const Eigen::VectorXf& instance,
                 const Background& background, Link link, int64_t max_batch_rows);
  CoalitionQueue(const CoalitionQueue&) = delete;
  CoalitionQueue& operator=(const CoalitionQueue&) = delete;

  // Queues a coalition (one byte per player, non-zero when present); returns its index.
  int64_t Push(const std::vector<uint8_t>& present);
  bool Waiting() const { return told_ < static_cast<int64_t>(coalitions_.size()); }

  RowBatch NextBatch();
  void Tell(ConstMatrixView outputs);

  int64_t size() const { return static_cast<int64_t>(coalitions_.size()); }
  const std::vector<uint8_t>& coalition(int64_t i) const { return coalitions_[i]; }
  // Value of coalition i for output k; only for told coalitions.
  double value(int64_t i, Eigen::Index k) const { return values_(i, k); }
  Eigen::Index outputs() const { return values_.cols(); }
  int64_t rows_evaluated() const { return told_ * background_.size(); }

 private:
  const Background& background_;
  CoalitionRows rows_;
  Link link_;
  int64_t coalitions_per_batch_;
  std::vector<std::vector<uint8_t>> coalitions_;
  int64_t told_ = 0;
  int64_t pending_ = 0;
  Eigen::MatrixXd values_;  // coalitions told x outputs, grown as needed
};

// Weighted mean over background blocks of m rows, then the link: one value per block and output.
Eigen::MatrixXd ReduceCoalitionOutputs(ConstMatrixView outputs, const Eigen::VectorXd& weights,
                                       Link link);

}  // namespace whyrec
