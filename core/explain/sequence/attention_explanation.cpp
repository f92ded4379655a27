#include "core/explain/sequence/attention_explanation.h"

#include <limits>

#include "core/explain/sequence/history_json.h"
#include "core/explain/sequence/history_target.h"

namespace whyrec {

Explanation AttentionExplanation(const HistoryConfig& config, const AttentionStack& attention,
                                 ConstMatrixView scores) {
  const HistoryAttention maps = AttentionOverHistory(attention, config.history);
  const auto& players = config.schema.players();
  Explanation e;
  e.method = "attention";
  e.player_names = config.schema.player_names();
  e.values = Eigen::MatrixXd::Zero(1, static_cast<Eigen::Index>(players.size()));
  for (size_t g = 0; g < players.size(); ++g) {
    for (int i : players[g].columns) e.values(0, static_cast<Eigen::Index>(g)) += maps.rollout[i];
  }
  e.std_errors = Eigen::MatrixXd::Zero(1, e.values.cols());
  e.model_output = Eigen::VectorXd::Constant(1, TargetValues(scores, config.target)(0, 0));
  e.base_value = Eigen::VectorXd::Constant(1, std::numeric_limits<double>::quiet_NaN());
  e.evaluations = 1;
  e.settings["layers"] = attention.layers;
  e.settings["heads"] = attention.heads;
  e.extra = DescribeHistory(config);
  e.extra["attention"] = AttentionToJson(maps);
  return e;
}

}  // namespace whyrec
