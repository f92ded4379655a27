#pragma once

#include <Eigen/Core>
#include <string>
#include <string_view>
#include <vector>

#include "core/link.h"
#include "core/models/model.h"

namespace whyrec {

// Why a linear model refuses a missing value (NaN): its output would be NaN.
inline constexpr char kLinearRefusesMissing[] =
    "the linear model cannot take a missing value (impute it)";

// margin = intercept + coefficients . x; with the logit link, prob = sigmoid(margin).
// Outputs: "margin" (identity link: "prediction"), and "prob" for the logit link.
class LinearModel : public Model {
 public:
  LinearModel(std::vector<std::string> feature_names, Eigen::VectorXd coefficients,
              double intercept, Link link);
  // Parses {"type": "linear", "link": "logit"|"identity", "feature_names": [...],
  // "coefficients": [...], "intercept": x}. `source` names the text in error messages.
  static LinearModel FromJson(std::string_view text, const std::string& source);

  int input_width() const override { return static_cast<int>(coefficients_.size()); }
  std::vector<std::string> output_names() const override;
  RowMatrixF Predict(ConstMatrixView rows, int output) override;

  const std::vector<std::string>& feature_names() const { return feature_names_; }
  const Eigen::VectorXd& coefficients() const { return coefficients_; }
  double intercept() const { return intercept_; }
  Link link() const { return link_; }

 private:
  std::vector<std::string> feature_names_;
  Eigen::VectorXd coefficients_;
  double intercept_;
  Link link_;
};

}  // namespace whyrec
