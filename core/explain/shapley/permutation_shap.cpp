#include "core/explain/shapley/permutation_shap.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

#include "core/explain/instance_check.h"
#include "core/explain/shapley/kernel_shap.h"

namespace whyrec {

PermutationShap::PermutationShap(Schema schema, const Eigen::VectorXf& instance,
                                 Background background, PermutationShapOptions options)
    : schema_(std::move(schema)),
      background_(std::move(background)),
      options_(options),
      players_(schema_.num_players()),
      random_(options.seed),
      queue_(schema_, instance, background_, options.link, options.max_batch_rows) {
  RequireInstanceFits(schema_, instance, background_);
  if (!(options_.tolerance >= 0)) throw std::invalid_argument("tolerance must be >= 0");
  const int64_t budget =
      options_.budget > 0 ? options_.budget : KernelShap::DefaultBudget(players_);
  const int64_t per_pair = 2 * std::max(1, players_ - 1);
  max_pairs_ = budget / per_pair;
  if (max_pairs_ < 2) {
    throw std::invalid_argument(
        "budget must be at least " + std::to_string(2 * per_pair) +
        " coalitions for permutation SHAP with " + std::to_string(players_) +
        " players (two antithetic pairs of orders, so that standard errors exist)");
  }
  queue_.Push(std::vector<uint8_t>(players_, 0));
  queue_.Push(std::vector<uint8_t>(players_, 1));
  StartRound();
}

void PermutationShap::StartRound() {
  const int64_t done = round_pairs_;
  round_pairs_ = options_.tolerance > 0
                     ? std::min<int64_t>(max_pairs_, std::max<int64_t>(8, 2 * round_pairs_))
                     : max_pairs_;
  for (int64_t p = done; p < round_pairs_; ++p) {
    std::vector<int> order(players_);
    std::iota(order.begin(), order.end(), 0);
    for (int i = players_ - 1; i > 0; --i) {
      std::swap(order[i], order[random_.Below(static_cast<uint64_t>(i) + 1)]);
    }
    for (int direction = 0; direction < 2; ++direction) {
      if (direction == 1) std::reverse(order.begin(), order.end());
      Walk walk{order, queue_.size()};
      std::vector<uint8_t> present(players_, 0);
      for (int i = 0; i + 1 < players_; ++i) {
        present[order[i]] = 1;
        queue_.Push(present);
      }
      walks_.push_back(std::move(walk));
    }
  }
}

RowBatch PermutationShap::next() {
  if (queue_.Waiting()) return queue_.NextBatch();
  if (!finished_) {
    Estimate();
    const bool more = options_.tolerance > 0 && std_errors_.maxCoeff() > options_.tolerance &&
                      round_pairs_ < max_pairs_;
    if (more) {
      StartRound();
      if (queue_.Waiting()) return queue_.NextBatch();
    }
    finished_ = true;
  }
  return RowBatch(0, schema_.width());
}

void PermutationShap::tell(ConstMatrixView outputs) { queue_.Tell(outputs); }

void PermutationShap::Estimate() {
  const Eigen::Index outputs = queue_.outputs();
  const int64_t pairs = static_cast<int64_t>(walks_.size()) / 2;
  values_.setZero(outputs, players_);
  Eigen::MatrixXd squares = Eigen::MatrixXd::Zero(outputs, players_);
  for (Eigen::Index k = 0; k < outputs; ++k) {
    for (int64_t p = 0; p < pairs; ++p) {
      Eigen::VectorXd sample = Eigen::VectorXd::Zero(players_);
      for (const Walk& walk : {walks_[2 * p], walks_[2 * p + 1]}) {
        double before = queue_.value(0, k);
        for (int i = 0; i < players_; ++i) {
          const double after =
              i + 1 < players_ ? queue_.value(walk.first + i, k) : queue_.value(1, k);
          sample[walk.order[i]] += 0.5 * (after - before);
          before = after;
        }
      }
      values_.row(k) += sample.transpose();
      squares.row(k) += sample.cwiseAbs2().transpose();
    }
  }
  const double n = static_cast<double>(pairs);
  values_ /= n;
  const Eigen::MatrixXd variance = (squares / n - values_.cwiseAbs2()) * (n / (n - 1));
  std_errors_ = (variance.cwiseMax(0.0) / n).cwiseSqrt();
}

Explanation PermutationShap::result() const {
  if (!finished_) throw std::logic_error("result() was called before next() returned no rows");
  Explanation e;
  e.method = "permutation";
  e.player_names = schema_.player_names();
  e.values = values_;
  e.std_errors = std_errors_;
  e.base_value.resize(queue_.outputs());
  e.model_output.resize(queue_.outputs());
  for (Eigen::Index k = 0; k < queue_.outputs(); ++k) {
    e.base_value[k] = queue_.value(0, k);
    e.model_output[k] = queue_.value(1, k);
  }
  e.evaluations = queue_.rows_evaluated();
  e.seed = options_.seed;
  e.settings["budget"] = 2 * max_pairs_ * std::max(1, players_ - 1);
  e.settings["permutations"] = static_cast<int64_t>(walks_.size());
  e.settings["tolerance"] = options_.tolerance;
  e.settings["link"] = LinkName(options_.link);
  e.settings["background_rows"] = background_.size();
  e.settings["players"] = players_;
  e.settings["max_batch_rows"] = options_.max_batch_rows;
  return e;
}

}  // namespace whyrec
