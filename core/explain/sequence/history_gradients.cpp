#include "core/explain/sequence/history_gradients.h"

#include <stdexcept>
#include <string>

#include "core/explain/sequence/history_target.h"
#include "core/explain/settings.h"

namespace whyrec {

HistoryGradients::HistoryGradients(const nlohmann::ordered_json& config, std::vector<int64_t> items,
                                   const std::vector<float>& embeddings)
    : config_(ParseHistoryConfig(config, std::move(items))) {
  const History& history = config_.history;
  const int length = history.layout().length;
  if (embeddings.empty() || embeddings.size() % static_cast<size_t>(length) != 0) {
    throw std::invalid_argument(
        "the history embeddings must be L x d values with L = " + std::to_string(length) +
        ", got " + std::to_string(embeddings.size()) + " values");
  }
  dim_ = static_cast<int>(embeddings.size() / static_cast<size_t>(length));
  ids_.resize(1, length);
  history.WriteFull(ids_.data());
  std::vector<Player> players;
  for (const auto& player : config_.schema.players()) {
    Player columns{player.name, {}};
    for (int item : player.columns) {
      const int first = history.Position(item) * dim_;
      for (int c = 0; c < dim_; ++c) columns.columns.push_back(first + c);
    }
    players.push_back(std::move(columns));
  }
  const Settings s(config);
  IntegratedGradientsOptions options;
  options.steps = static_cast<int>(s.Int("steps", 20, 1, 10000));
  options.relative_step = s.Number("relative_step", 0.25, 1e-6, 0.5);
  options.max_batch_rows = config_.max_batch_rows;
  const auto size = static_cast<Eigen::Index>(embeddings.size());
  job_ = std::make_unique<IntegratedGradients>(
      std::move(players), Eigen::Map<const Eigen::VectorXf>(embeddings.data(), size),
      Eigen::VectorXf::Zero(size), options);
}

void HistoryGradients::tell(ConstMatrixView scores) {
  const RowMatrixF values = TargetValues(scores, config_.target);
  job_->tell(ConstMatrixView(values.data(), values.rows(), 1));
}

Explanation HistoryGradients::result() const {
  Explanation e = job_->result();
  const nlohmann::ordered_json described = DescribeHistory(config_);
  for (const auto& field : described.items()) e.extra[field.key()] = field.value();
  return e;
}

}  // namespace whyrec
