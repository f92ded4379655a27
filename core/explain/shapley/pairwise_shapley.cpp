#include "core/explain/shapley/pairwise_shapley.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/explain/instance_check.h"

namespace whyrec {

// Queue order: 0 the empty coalition, 1 all players, 2 + g player g alone, then the pairs
// (g, h), g < h, in row-major order.
PairwiseShapley::PairwiseShapley(Schema schema, const Eigen::VectorXf& instance,
                                 Background background, PairwiseShapleyOptions options)
    : schema_(std::move(schema)),
      background_(std::move(background)),
      options_(options),
      players_(schema_.num_players()),
      queue_(schema_, instance, background_, Link::kIdentity, options.max_batch_rows) {
  RequireInstanceFits(schema_, instance, background_);
  if (!(options_.tolerance >= 0)) throw std::invalid_argument("tolerance must be >= 0");
  std::vector<uint8_t> present(players_, 0);
  queue_.Push(present);
  queue_.Push(std::vector<uint8_t>(players_, 1));
  for (int g = 0; g < players_; ++g) {
    present[g] = 1;
    queue_.Push(present);
    present[g] = 0;
  }
  for (int g = 0; g < players_; ++g) {
    for (int h = g + 1; h < players_; ++h) {
      present[g] = present[h] = 1;
      queue_.Push(present);
      present[g] = present[h] = 0;
    }
  }
}

RowBatch PairwiseShapley::next() {
  if (queue_.Waiting()) return queue_.NextBatch();
  return RowBatch(0, schema_.width());
}

void PairwiseShapley::tell(ConstMatrixView outputs) { queue_.Tell(outputs); }

Explanation PairwiseShapley::result() const {
  if (queue_.Waiting()) {
    throw std::logic_error("result() was called before all coalitions were evaluated");
  }
  const Eigen::Index outputs = queue_.outputs();
  Eigen::MatrixXd phi(outputs, players_);
  Explanation e;
  e.base_value.resize(outputs);
  e.model_output.resize(outputs);
  for (Eigen::Index k = 0; k < outputs; ++k) {
    const double none = queue_.value(0, k), all = queue_.value(1, k);
    const auto single = [&](int g) { return queue_.value(2 + g, k); };
    for (int g = 0; g < players_; ++g) phi(k, g) = single(g) - none;
    int64_t pair = 2 + players_;
    for (int g = 0; g < players_; ++g) {
      for (int h = g + 1; h < players_; ++h, ++pair) {
        const double dividend = queue_.value(pair, k) - single(g) - single(h) + none;
        phi(k, g) += 0.5 * dividend;
        phi(k, h) += 0.5 * dividend;
      }
    }
    const double residual = all - none - phi.row(k).sum();
    // Float32 model outputs round each coalition value; the sum combines O(G^2) of them.
    double scale = 1.0;
    for (int64_t i = 0; i < queue_.size(); ++i)
      scale = std::max(scale, std::abs(queue_.value(i, k)));
    const double allowed = options_.tolerance * (players_ + 1.0) * (players_ + 1.0) * scale;
    if (std::abs(residual) > allowed) {
      throw std::invalid_argument(
          "--method additive is exact only for models whose interactions involve at most two "
          "features (additive, GA2M, linear); this model's values miss f(x) - E[f] by " +
          std::to_string(residual) + ": use --method exact or kernel");
    }
    e.base_value[k] = none;
    e.model_output[k] = all;
  }
  e.method = "additive";
  e.player_names = schema_.player_names();
  e.values = std::move(phi);
  e.std_errors = Eigen::MatrixXd::Zero(outputs, players_);
  e.evaluations = queue_.rows_evaluated();
  e.settings["background_rows"] = background_.size();
  e.settings["players"] = players_;
  e.settings["max_batch_rows"] = options_.max_batch_rows;
  e.settings["link"] = "identity";
  return e;
}

}  // namespace whyrec
