#pragma once

#include <memory>
#include <stdexcept>
#include <utility>

#include "core/explain/sequence/history.h"
#include "core/explain/sequence/history_target.h"
#include "core/matrix.h"

namespace whyrec {

// Runs a job of the history's *mask game* (a model-agnostic explainer or a curve over players
// whose instance is all ones, one per history item, and whose background is one row of zeros)
// against a model that reads item ids: each mask row the job asks for becomes an edited history,
// and the model's item scores become the target's value. So every tabular method over players
// (exact, Kernel and permutation SHAP, occlusion, deletion curves) explains histories unchanged.
template <typename MaskJob>
class HistoryJob {
 public:
  HistoryJob(History history, HistoryTarget target, std::unique_ptr<MaskJob> job)
      : history_(std::move(history)), target_(target), job_(std::move(job)) {}

  // Edited histories to score next (rows x the layout's length); empty when done.
  IdBatch next() {
    const RowBatch masks = job_->next();
    if (masks.rows() > 0 && masks.cols() != history_.size()) {
      throw std::logic_error("a mask game asked for rows of the wrong width");
    }
    IdBatch ids(masks.rows(), history_.layout().length);
    for (Eigen::Index r = 0; r < masks.rows(); ++r) {
      history_.Write(masks.row(r).data(), ids.row(r).data());
    }
    return ids;
  }

  // The model's item scores (rows x items) for the histories of the last next().
  void tell(ConstMatrixView scores) {
    const RowMatrixF values = TargetValues(scores, target_);
    job_->tell(ConstMatrixView(values.data(), values.rows(), 1));
  }

  auto result() const { return job_->result(); }

  const History& history() const { return history_; }
  const HistoryTarget& target() const { return target_; }
  const MaskJob& job() const { return *job_; }

 private:
  History history_;
  HistoryTarget target_;
  std::unique_ptr<MaskJob> job_;
};

}  // namespace whyrec
