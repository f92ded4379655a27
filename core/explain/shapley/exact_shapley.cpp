#include "core/explain/shapley/exact_shapley.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "core/explain/instance_check.h"
#include "core/explain/shapley/coalition_queue.h"
#include "core/explain/shapley/shapley_weights.h"

namespace whyrec {
namespace {

Schema RequireFewPlayers(Schema schema) {
  if (schema.num_players() > ExactShapley::kMaxPlayers) {
    throw std::invalid_argument(
        "exact Shapley needs 2^G coalitions and G = " + std::to_string(schema.num_players()) +
        " players is more than " + std::to_string(ExactShapley::kMaxPlayers) +
        "; use --method kernel (sampled) or merge features into fewer players with --groups");
  }
  return schema;
}

}  // namespace

ExactShapley::ExactShapley(Schema schema, const Eigen::VectorXf& instance, Background background,
                           ExactShapleyOptions options)
    : schema_(RequireFewPlayers(std::move(schema))),
      background_(std::move(background)),
      instance_(instance),
      options_(options),
      coalition_rows_(schema_, instance_, background_),
      num_coalitions_(uint64_t{1} << schema_.num_players()) {
  RequireInstanceFits(schema_, instance_, background_);
  if (options_.max_batch_rows < 1) throw std::invalid_argument("max_batch_rows must be >= 1");
  coalitions_per_batch_ =
      std::max<uint64_t>(1, static_cast<uint64_t>(options_.max_batch_rows) / background_.size());
}

RowBatch ExactShapley::next() {
  if (pending_coalitions_ > 0) {
    throw std::logic_error("next() was called again before tell() answered the last batch");
  }
  const uint64_t count = std::min(coalitions_per_batch_, num_coalitions_ - next_coalition_);
  const Eigen::Index m = background_.size();
  RowBatch batch(static_cast<Eigen::Index>(count) * m, schema_.width());
  for (uint64_t i = 0; i < count; ++i) {
    coalition_rows_.Fill(next_coalition_ + i, &batch, static_cast<Eigen::Index>(i) * m);
  }
  pending_coalitions_ = count;
  return batch;
}

void ExactShapley::tell(ConstMatrixView outputs) {
  const Eigen::Index m = background_.size();
  const Eigen::Index expected_rows = static_cast<Eigen::Index>(pending_coalitions_) * m;
  if (pending_coalitions_ == 0) throw std::logic_error("tell() was called without a batch");
  if (outputs.rows() != expected_rows) {
    throw std::invalid_argument("tell() expected outputs for " + std::to_string(expected_rows) +
                                " rows, got " + std::to_string(outputs.rows()));
  }
  if (outputs.cols() < 1) throw std::invalid_argument("the model returned no output values");
  if (coalition_values_.size() == 0) {
    coalition_values_.setZero(static_cast<Eigen::Index>(num_coalitions_), outputs.cols());
  } else if (outputs.cols() != coalition_values_.cols()) {
    throw std::invalid_argument("the model returned " + std::to_string(outputs.cols()) +
                                " outputs per row, earlier " +
                                std::to_string(coalition_values_.cols()));
  }
  coalition_values_.middleRows(static_cast<Eigen::Index>(next_coalition_),
                               static_cast<Eigen::Index>(pending_coalitions_)) =
      ReduceCoalitionOutputs(outputs, background_.weights(), options_.link);
  next_coalition_ += pending_coalitions_;
  pending_coalitions_ = 0;
}

double ExactShapley::progress() const {
  return static_cast<double>(next_coalition_) / static_cast<double>(num_coalitions_);
}

Explanation ExactShapley::result() const {
  if (next_coalition_ < num_coalitions_) {
    throw std::logic_error("result() was called before all coalitions were evaluated");
  }
  const int players = schema_.num_players();
  const Eigen::Index outputs = coalition_values_.cols();
  const std::vector<double> weight = ShapleyWeightsBySize(players);
  Eigen::MatrixXd phi = Eigen::MatrixXd::Zero(outputs, players);
  // The full coalition (the last) has no player to add, and no weight: weight has one entry per
  // size 0..players-1 (reading weight[players] was out of bounds; AddressSanitizer found it).
  for (uint64_t s = 0; s + 1 < num_coalitions_; ++s) {
    const double w = weight[__builtin_popcountll(s)];
    for (int g = 0; g < players; ++g) {
      const uint64_t bit = uint64_t{1} << g;
      if (s & bit) continue;
      phi.col(g) += w * (coalition_values_.row(static_cast<Eigen::Index>(s | bit)) -
                         coalition_values_.row(static_cast<Eigen::Index>(s)))
                            .transpose();
    }
  }
  Explanation e;
  e.method = "exact";
  e.player_names = schema_.player_names();
  e.values = std::move(phi);
  e.std_errors = Eigen::MatrixXd::Zero(outputs, players);
  e.base_value = coalition_values_.row(0).transpose();
  e.model_output =
      coalition_values_.row(static_cast<Eigen::Index>(num_coalitions_ - 1)).transpose();
  e.evaluations = static_cast<int64_t>(num_coalitions_) * background_.size();
  e.settings["background_rows"] = background_.size();
  e.settings["players"] = players;
  e.settings["max_batch_rows"] = options_.max_batch_rows;
  e.settings["link"] = LinkName(options_.link);
  return e;
}

}  // namespace whyrec
