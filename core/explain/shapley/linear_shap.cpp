#include "core/explain/shapley/linear_shap.h"

#include <stdexcept>
#include <string>

#include "core/missing_values.h"

namespace whyrec {

Explanation LinearShap(const LinearModel& model, const Schema& schema,
                       const Eigen::VectorXf& instance, const Background& background) {
  const int d = schema.width();
  if (model.input_width() != d || instance.size() != d || background.width() != d) {
    throw std::invalid_argument("linear SHAP: the model has " +
                                std::to_string(model.input_width()) + " inputs, the " + "schema " +
                                std::to_string(d) + " features, the instance " +
                                std::to_string(instance.size()) + " values and the background " +
                                std::to_string(background.width()) + " columns; they must agree");
  }
  RequireNoInfinity(instance.transpose(), "the instance");
  const std::vector<std::string> names = schema.feature_names();
  RequireComplete(instance.transpose(), names, "the instance's", kLinearRefusesMissing);
  RequireComplete(background.rows(), names, "background", kLinearRefusesMissing);
  const Eigen::VectorXd& w = model.coefficients();
  const Eigen::VectorXd mean = background.Mean();
  const Eigen::VectorXd contribution = w.cwiseProduct(instance.cast<double>() - mean);
  const int players = schema.num_players();
  Explanation e;
  e.method = "linear";
  e.player_names = schema.player_names();
  e.values = Eigen::MatrixXd::Zero(1, players);
  for (int g = 0; g < players; ++g) {
    for (int column : schema.players()[g].columns) e.values(0, g) += contribution[column];
  }
  e.std_errors = Eigen::MatrixXd::Zero(1, players);
  e.base_value = Eigen::VectorXd::Constant(1, model.intercept() + w.dot(mean));
  e.model_output = Eigen::VectorXd::Constant(1, model.intercept() + w.dot(instance.cast<double>()));
  e.settings["background_rows"] = background.size();
  e.settings["players"] = players;
  e.settings["space"] = "margin";
  return e;
}

}  // namespace whyrec
