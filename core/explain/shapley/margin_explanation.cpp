#include "core/explain/shapley/margin_explanation.h"

#include <utility>

namespace whyrec {

Explanation MarginExplanation(std::string method, const Schema& schema,
                              const Eigen::VectorXd& per_feature, double base_value,
                              double model_output, int background_rows) {
  const int players = schema.num_players();
  Explanation e;
  e.method = std::move(method);
  e.player_names = schema.player_names();
  e.values = Eigen::MatrixXd::Zero(1, players);
  for (int g = 0; g < players; ++g) {
    for (int column : schema.players()[g].columns) e.values(0, g) += per_feature[column];
  }
  e.std_errors = Eigen::MatrixXd::Zero(1, players);
  e.base_value = Eigen::VectorXd::Constant(1, base_value);
  e.model_output = Eigen::VectorXd::Constant(1, model_output);
  e.settings["background_rows"] = background_rows;
  e.settings["players"] = players;
  e.settings["space"] = "margin";
  return e;
}

}  // namespace whyrec
