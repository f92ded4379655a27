#include "core/explain/attribution/integrated_gradients.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace whyrec {
namespace {

int64_t RowCount(const std::vector<Player>& players, int steps) {
  if (steps < 1 || steps > 10000) {
    throw std::invalid_argument("setting 'steps' must be an integer in [1, 10000], got " +
                                std::to_string(steps));
  }
  return 2 + int64_t{steps} * static_cast<int64_t>(players.size()) * 2;
}

// instance - baseline, checked before it is computed.
Eigen::VectorXf PathDirection(const Eigen::VectorXf& instance, const Eigen::VectorXf& baseline) {
  if (instance.size() != baseline.size()) {
    throw std::invalid_argument("the baseline has " + std::to_string(baseline.size()) +
                                " values but the instance " + std::to_string(instance.size()));
  }
  return instance - baseline;
}

}  // namespace

IntegratedGradients::IntegratedGradients(std::vector<Player> players, Eigen::VectorXf instance,
                                         Eigen::VectorXf baseline,
                                         IntegratedGradientsOptions options)
    : players_(std::move(players)),
      instance_(std::move(instance)),
      baseline_(std::move(baseline)),
      delta_(PathDirection(instance_, baseline_)),
      options_(options),
      h_(options.relative_step / options.steps),
      rows_(RowCount(players_, options.steps), 1, static_cast<int>(instance_.size()),
            options.max_batch_rows,
            [this](int64_t step, RowMatrixF* out, Eigen::Index row) { Fill(step, out, row); }) {
  if (players_.empty()) throw std::invalid_argument("Integrated Gradients needs players");
  if (!instance_.allFinite() || !baseline_.allFinite()) {
    throw std::invalid_argument("the instance and the baseline must be finite");
  }
  if (!(options_.relative_step > 0 && options_.relative_step <= 0.5)) {
    throw std::invalid_argument("setting 'relative_step' must be in (0, 0.5]");
  }
  for (const auto& player : players_) {
    for (int c : player.columns) {
      if (c < 0 || c >= instance_.size()) {
        throw std::invalid_argument("player '" + player.name + "' names column " +
                                    std::to_string(c) + " of " + std::to_string(instance_.size()));
      }
    }
  }
}

void IntegratedGradients::Fill(int64_t step, RowMatrixF* out, Eigen::Index row) const {
  if (step < 2) {
    out->row(row) = (step == 0 ? instance_ : baseline_).transpose();
    return;
  }
  const int64_t g_count = static_cast<int64_t>(players_.size());
  const int64_t index = step - 2;
  const int64_t k = index / (2 * g_count);
  const int64_t g = (index / 2) % g_count;
  const double sign = index % 2 == 0 ? -1.0 : 1.0;
  const double a = (static_cast<double>(k) + 0.5) / options_.steps;
  out->row(row) = (baseline_ + static_cast<float>(a) * delta_).transpose();
  const float moved = static_cast<float>(a + sign * h_);
  for (int c : players_[static_cast<size_t>(g)].columns) {
    (*out)(row, c) = baseline_[c] + moved * delta_[c];
  }
}

Explanation IntegratedGradients::result() const {
  if (!rows_.done()) throw std::logic_error("result() was called before every row was told");
  const Eigen::RowVectorXd out = rows_.outputs().row(0);
  const int64_t g_count = static_cast<int64_t>(players_.size());
  Eigen::MatrixXd values = Eigen::MatrixXd::Zero(1, g_count);
  for (int k = 0; k < options_.steps; ++k) {
    for (int64_t g = 0; g < g_count; ++g) {
      const int64_t base = 2 + (k * g_count + g) * 2;
      values(0, g) += (out[base + 1] - out[base]) / (2 * h_) / options_.steps;
    }
  }
  Explanation e;
  e.method = "integrated_gradients";
  std::vector<std::string> names;
  for (const auto& player : players_) names.push_back(player.name);
  e.player_names = std::move(names);
  e.model_output = Eigen::VectorXd::Constant(1, out[0]);
  e.base_value = Eigen::VectorXd::Constant(1, out[1]);
  e.std_errors = Eigen::MatrixXd::Zero(1, g_count);
  e.extra["completeness_error"] = std::abs(values.sum() - (out[0] - out[1]));
  e.values = std::move(values);
  e.evaluations = rows_.evaluations();
  e.settings["steps"] = options_.steps;
  e.settings["relative_step"] = options_.relative_step;
  e.settings["max_batch_rows"] = options_.max_batch_rows;
  return e;
}

}  // namespace whyrec
