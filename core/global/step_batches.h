#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

#include "core/matrix.h"
#include "core/missing_values.h"

namespace whyrec {

// Hands out a sequence of equally sized steps of model rows (a permuted copy of the data, a grid
// value, a coalition...) packed into batches of at most max_batch_rows (never less than one
// step), and collects the first output column of each step's rows.
class StepBatches {
 public:
  // fill(step, out, first_row) writes the step's rows into out starting at first_row.
  using Fill = std::function<void(int64_t step, RowMatrixF* out, Eigen::Index first_row)>;

  StepBatches(int64_t steps, Eigen::Index rows_per_step, int width, int64_t max_batch_rows,
              Fill fill)
      : steps_(steps),
        rows_per_step_(rows_per_step),
        width_(width),
        steps_per_batch_(
            std::max<int64_t>(1, max_batch_rows / std::max<Eigen::Index>(1, rows_per_step))),
        fill_(std::move(fill)),
        outputs_(rows_per_step, steps) {
    if (max_batch_rows < 1) throw std::invalid_argument("max_batch_rows must be >= 1");
  }

  RowBatch next() {
    if (pending_ > 0) throw std::logic_error("next() was called again before tell()");
    pending_ = std::min(steps_per_batch_, steps_ - done_);
    RowBatch batch(pending_ * rows_per_step_, width_);
    for (int64_t s = 0; s < pending_; ++s) fill_(done_ + s, &batch, s * rows_per_step_);
    return batch;
  }

  void tell(ConstMatrixView outputs) {
    if (pending_ == 0) throw std::logic_error("tell() was called without a batch");
    if (outputs.rows() != pending_ * rows_per_step_ || outputs.cols() < 1) {
      throw std::invalid_argument("tell() expected outputs for " +
                                  std::to_string(pending_ * rows_per_step_) + " rows, got " +
                                  std::to_string(outputs.rows()));
    }
    if (!outputs.allFinite()) {
      throw std::invalid_argument(std::string("the model returned NaN or infinity") +
                                  kModelNanHint);
    }
    for (int64_t s = 0; s < pending_; ++s) {
      outputs_.col(done_ + s) =
          outputs.col(0).segment(s * rows_per_step_, rows_per_step_).cast<double>();
    }
    done_ += pending_;
    pending_ = 0;
  }

  bool done() const { return done_ == steps_; }
  // rows_per_step x steps: the told outputs.
  const Eigen::MatrixXd& outputs() const { return outputs_; }
  int64_t evaluations() const { return done_ * rows_per_step_; }

 private:
  int64_t steps_;
  Eigen::Index rows_per_step_;
  int width_;
  int64_t steps_per_batch_;
  Fill fill_;
  Eigen::MatrixXd outputs_;
  int64_t done_ = 0;
  int64_t pending_ = 0;
};

}  // namespace whyrec
