#include "core/explain/shapley/coalition_queue.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "core/missing_values.h"

namespace whyrec {

Eigen::MatrixXd ReduceCoalitionOutputs(ConstMatrixView outputs, const Eigen::VectorXd& weights,
                                       Link link) {
  if (!outputs.allFinite()) {
    throw std::invalid_argument(
        std::string("the model returned NaN or infinity for a row built from the instance and "
                    "the background") +
        kModelNanHint);
  }
  const Eigen::Index m = weights.size();
  const Eigen::Index blocks = outputs.rows() / m;
  Eigen::MatrixXd values(blocks, outputs.cols());
  for (Eigen::Index i = 0; i < blocks; ++i) {
    values.row(i) = weights.transpose() * outputs.middleRows(i * m, m).cast<double>();
    for (Eigen::Index k = 0; k < values.cols(); ++k) values(i, k) = ApplyLink(link, values(i, k));
  }
  return values;
}

CoalitionQueue::CoalitionQueue(const Schema& schema, const Eigen::VectorXf& instance,
                               const Background& background, Link link, int64_t max_batch_rows)
    : background_(background),
      rows_(schema, instance, background),
      link_(link),
      coalitions_per_batch_(std::max<int64_t>(1, max_batch_rows / background.size())) {}

int64_t CoalitionQueue::Push(const std::vector<uint8_t>& present) {
  coalitions_.push_back(present);
  return size() - 1;
}

RowBatch CoalitionQueue::NextBatch() {
  if (pending_ > 0) {
    throw std::logic_error("next() was called again before tell() answered the last batch");
  }
  pending_ = std::min(coalitions_per_batch_, size() - told_);
  const Eigen::Index m = background_.size();
  RowBatch batch(pending_ * m, background_.width());
  for (int64_t i = 0; i < pending_; ++i) {
    rows_.Fill(coalitions_[told_ + i].data(), &batch, i * m);
  }
  return batch;
}

void CoalitionQueue::Tell(ConstMatrixView outputs) {
  if (pending_ == 0) throw std::logic_error("tell() was called without a batch");
  const Eigen::Index expected = pending_ * background_.size();
  if (outputs.rows() != expected) {
    throw std::invalid_argument("tell() expected outputs for " + std::to_string(expected) +
                                " rows, got " + std::to_string(outputs.rows()));
  }
  if (outputs.cols() < 1) throw std::invalid_argument("the model returned no output values");
  if (values_.cols() != 0 && outputs.cols() != values_.cols()) {
    throw std::invalid_argument("the model returned " + std::to_string(outputs.cols()) +
                                " outputs per row, earlier " + std::to_string(values_.cols()));
  }
  const Eigen::MatrixXd reduced = ReduceCoalitionOutputs(outputs, background_.weights(), link_);
  if (values_.rows() < size()) {
    Eigen::MatrixXd grown(std::max<Eigen::Index>(size(), 2 * values_.rows()), outputs.cols());
    if (told_ > 0) grown.topRows(told_) = values_.topRows(told_);
    values_ = std::move(grown);
  }
  values_.middleRows(told_, pending_) = reduced;
  told_ += pending_;
  pending_ = 0;
}

}  // namespace whyrec
