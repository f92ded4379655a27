#pragma once

#include <Eigen/Core>
#include <cstdint>

#include "core/background.h"
#include "core/explain/explainer.h"
#include "core/explain/shapley/coalition_rows.h"
#include "core/link.h"
#include "core/schema.h"

namespace whyrec {

struct ExactShapleyOptions {
  // Upper bound on the rows of one next() batch: bounds memory while keeping batches large
  // enough that a model runtime stays busy.
  int64_t max_batch_rows = 65536;
  Link link = Link::kIdentity;
};

// Exact interventional Shapley values over the schema's players: evaluates all 2^G coalitions
// against the weighted background and accumulates in double precision.
class ExactShapley : public Explainer {
 public:
  static constexpr int kMaxPlayers = 20;

  ExactShapley(Schema schema, const Eigen::VectorXf& instance, Background background,
               ExactShapleyOptions options = {});
  // Holds references into its own members.
  ExactShapley(const ExactShapley&) = delete;
  ExactShapley& operator=(const ExactShapley&) = delete;

  RowBatch next() override;
  void tell(ConstMatrixView outputs) override;
  Explanation result() const override;

  // Fraction of the model rows told so far, for progress bars.
  double progress() const;

 private:
  Schema schema_;
  Background background_;
  Eigen::VectorXf instance_;
  ExactShapleyOptions options_;
  CoalitionRows coalition_rows_;
  uint64_t num_coalitions_;
  uint64_t coalitions_per_batch_;
  uint64_t next_coalition_ = 0;
  uint64_t pending_coalitions_ = 0;
  Eigen::MatrixXd coalition_values_;  // coalitions x outputs, the weighted mean over background
};

}  // namespace whyrec
