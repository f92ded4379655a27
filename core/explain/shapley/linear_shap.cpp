#include "core/explain/shapley/linear_shap.h"

#include <stdexcept>
#include <string>

#include "core/explain/shapley/margin_explanation.h"
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
  return MarginExplanation("linear", schema, contribution, model.intercept() + w.dot(mean),
                           model.intercept() + w.dot(instance.cast<double>()), background.size());
}

}  // namespace whyrec
