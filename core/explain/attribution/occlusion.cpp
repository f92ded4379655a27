#include "core/explain/attribution/occlusion.h"

#include <stdexcept>
#include <vector>

#include "core/explain/instance_check.h"

namespace whyrec {

Occlusion::Occlusion(Schema schema, const Eigen::VectorXf& instance, Background background,
                     Link link, int64_t max_batch_rows)
    : schema_(std::move(schema)),
      background_(std::move(background)),
      instance_(instance),
      link_(link),
      max_batch_rows_(max_batch_rows),
      queue_(schema_, instance_, background_, link_, max_batch_rows_) {
  RequireInstanceFits(schema_, instance_, background_);
  const int players = schema_.num_players();
  std::vector<uint8_t> present(static_cast<size_t>(players), 1);
  queue_.Push(present);
  queue_.Push(std::vector<uint8_t>(static_cast<size_t>(players), 0));
  for (int g = 0; g < players; ++g) {
    present[static_cast<size_t>(g)] = 0;
    queue_.Push(present);
    present[static_cast<size_t>(g)] = 1;
  }
}

RowBatch Occlusion::next() {
  if (!queue_.Waiting()) return RowBatch(0, schema_.width());
  return queue_.NextBatch();
}

void Occlusion::tell(ConstMatrixView outputs) { queue_.Tell(outputs); }

Explanation Occlusion::result() const {
  if (queue_.Waiting()) throw std::logic_error("result() was called before every row was told");
  const int players = schema_.num_players();
  const Eigen::Index outputs = queue_.outputs();
  Explanation e;
  e.method = "occlusion";
  e.player_names = schema_.player_names();
  e.values.resize(outputs, players);
  e.base_value.resize(outputs);
  e.model_output.resize(outputs);
  for (Eigen::Index k = 0; k < outputs; ++k) {
    e.model_output[k] = queue_.value(0, k);
    e.base_value[k] = queue_.value(1, k);
    for (int g = 0; g < players; ++g) e.values(k, g) = queue_.value(0, k) - queue_.value(2 + g, k);
  }
  e.std_errors = Eigen::MatrixXd::Zero(outputs, players);
  e.evaluations = queue_.rows_evaluated();
  e.settings["background_rows"] = background_.size();
  e.settings["players"] = players;
  e.settings["max_batch_rows"] = max_batch_rows_;
  e.settings["link"] = LinkName(link_);
  return e;
}

}  // namespace whyrec
